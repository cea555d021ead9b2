from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from .api import refuse_values_of_the_wrong_type

        refuse_values_of_the_wrong_type()
