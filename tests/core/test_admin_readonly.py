"""Admins built on the one read-only mixin refuse every write, even to a superuser."""

from django.contrib import admin
from django.test import RequestFactory

from core.admin import ReadOnlyAdminMixin
from tests.factories import UserFactory


def test_read_only_admins_refuse_writes_even_to_a_superuser(db):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root", is_staff=True, is_superuser=True)
    read_only = [
        model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, ReadOnlyAdminMixin)
    ]
    labels = {model_admin.model._meta.label for model_admin in read_only}
    assert {"core.AuditRecord", "organizations.Organization", "organizations.Person", "services.DutyList"} <= labels
    for model_admin in read_only:
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_the_audit_trail_cannot_be_added_to_from_the_admin(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/core/auditrecord/add/").status_code == 403
