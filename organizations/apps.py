from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Social organisations")

    def ready(self):
        from core.audit import register_history_access
        from core.navigation import NavItem, nav_register

        from .models import Organization
        from .queries.registration import access_organization_private

        # An organisation's audit trail (review comments, reasons): its staff and the bureau.
        register_history_access(Organization, access_organization_private)

        from accounts.models import Role
        from accounts.queries import RoleSource, role_source_register

        from .actions.staff import organization_staff_grant, organization_staff_revoke
        from .queries.registration import (
            organization_staff_holders,
            organization_staff_of,
            organization_staff_sql,
            organization_staff_units,
        )

        # Organisation staff is held here, not in accounts (the lower layer may not know an organisation).
        role_source_register(
            RoleSource(
                role=Role.ORGANIZATION_STAFF,
                scope_type="organization",
                unit_ids=organization_staff_of,
                unit_ids_sql=organization_staff_sql(),
                units=organization_staff_units,
                holders=organization_staff_holders,
                grant=organization_staff_grant,
                revoke=organization_staff_revoke,
            )
        )

        from core.loaders import loader_register

        from .demo.people import demo_load_people
        from .demo.registration import demo_load

        loader_register("demo", self.label, demo_load)
        # The people's demo needs the organisations, so it is registered after them.
        loader_register("demo", self.label, demo_load_people)
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

        # The people part registers its own menu entries and history access.
        from .queries.people import register_people

        register_people()

        from .desk import register_desk

        register_desk()
