"""Admin for the people who do the work. Resident IDs are masked in lists and forms for anyone
but the district's reviewers and the person's own organisation (the same rule as everywhere)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.queries import scope_for
from core.admin import ReadOnlyAdminMixin

from ..models import Attendance, Branch, Certificate, Employment, Person, SocialWorker, TrainingSession, Volunteer
from ..queries.people import ric_for_viewer


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


def _resident_id_column(request, organization_of):
    """A list/readonly column showing the resident ID as this request's user may see it.

    Built per request: a ModelAdmin instance is shared by every request, so the viewer must not
    be stored on it.
    """
    scope = scope_for(request.user)

    def resident_id(obj):
        person = obj if isinstance(obj, Person) else obj.person
        return ric_for_viewer(person.resident_id, scope=scope, organization_id=organization_of(obj))

    resident_id.short_description = _("resident ID")
    return resident_id


@admin.register(Person)
class PersonAdmin(_ReadOnly):
    search_fields = ["name"]

    @staticmethod
    def _organization_of(person):
        # A bare person answers to no one organisation: only the district's reviewers see it whole.
        return None

    def get_list_display(self, request):
        return ["name", _resident_id_column(request, self._organization_of), "phone", "created_at"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["name", _resident_id_column(request, self._organization_of), "phone", "created_at"]


class CertificateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Certificate
    extra = 0


@admin.register(SocialWorker)
class SocialWorkerAdmin(_ReadOnly):
    list_select_related = ["person", "employer"]
    list_filter = ["employer"]
    search_fields = ["name"]
    inlines = [CertificateInline]

    @staticmethod
    def _organization_of(social_worker):
        return social_worker.employer_id

    def get_list_display(self, request):
        return ["person", _resident_id_column(request, self._organization_of), "employer", "started_on"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["person", _resident_id_column(request, self._organization_of), "employer", "started_on"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(_ReadOnly):
    list_display = ["held_on", "topic", "kind", "hours", "provider"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"


@admin.register(Employment)
class EmploymentAdmin(_ReadOnly):
    list_display = ["person", "community", "organization", "started_on", "ended_on"]
    list_select_related = ["person", "community", "organization"]
    list_filter = ["ended_on"]


@admin.register(Branch)
class BranchAdmin(_ReadOnly):
    list_display = ["name", "organization"]
    list_select_related = ["organization"]


@admin.register(Volunteer)
class VolunteerAdmin(_ReadOnly):
    list_display = ["person", "organization", "branch", "joined_on"]
    list_select_related = ["person", "organization", "branch"]
    exclude = ["card_token"]


@admin.register(Attendance)
class AttendanceAdmin(_ReadOnly):
    list_display = ["person", "session"]
    list_select_related = ["person", "session"]
