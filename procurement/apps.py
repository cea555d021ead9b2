from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Government purchase of services")

    def ready(self):
        from core.loaders import loader_register

        from .demo import demo_load

        loader_register("demo", self.label, demo_load)
