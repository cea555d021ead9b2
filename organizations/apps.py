from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Social organisations")

    def ready(self):
        from core.audit import register_history_access
        from core.navigation import NavItem, nav_register

        from .models import Organization
        from .queries import access_organization_private

        # An organisation's audit trail (review comments, reasons): its staff and the bureau.
        register_history_access(Organization, access_organization_private)
        nav_register(NavItem(label=_("Social organisations"), url_name="organizations:directory", order=20))
        nav_register(
            NavItem(
                label=_("My organisations"),
                url_name="organizations:mine",
                visible=lambda scope: bool(scope.organization_ids),
                order=21,
            )
        )
        nav_register(
            NavItem(
                label=_("Register an organisation"),
                url_name="organizations:apply",
                # Government staff do not found organisations: the entry would crowd their menu.
                visible=lambda scope: (
                    scope.authenticated and not scope.organization_ids and not scope.is_staff_of_government
                ),
                order=22,
            )
        )
        nav_register(
            NavItem(
                label=_("Registration review"),
                url_name="organizations:review",
                visible=lambda scope: scope.is_district_admin,
                order=23,
            )
        )

        # The people part (issue #4 part 5) registers its menu entries, history and admin itself.
        from .queries_people import register_people

        register_people()

        from .desk import register_desk

        register_desk()
