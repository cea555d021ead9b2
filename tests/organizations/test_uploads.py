"""Stored uploads follow their rows: a replaced file leaves the disk once the change commits, a
refused change leaves none behind, and one application's documents are capped in total."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.actions.people import volunteer_update
from tests.helpers import error_of
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import make_volunteer
from tests.organizations.registration_helpers import PDF

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def stored(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _put(client, org, kind, upload):
    return client.put(
        reverse("api:organization-document", kwargs={"pk": org.pk, "kind": kind}), {"file": upload}, format="multipart"
    )


def test_a_replaced_document_is_removed_from_disk_once_the_change_commits(
    api_as, applicant, draft, settings, django_capture_on_commit_callbacks
):
    old = draft.articles_file.name
    assert old in stored(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = _put(api_as(applicant), draft, "articles", SimpleUploadedFile("new.pdf", PDF))
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.articles_file.name != old
    assert stored(settings) == {draft.articles_file.name, draft.capital_proof_file.name}


def test_a_refused_upload_leaves_the_old_document_and_no_new_file(
    api_as, applicant, draft, settings, django_capture_on_commit_callbacks
):
    before = stored(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = _put(api_as(applicant), draft, "articles", SimpleUploadedFile("new.pdf", b"not a pdf"))
    assert response.status_code == 400
    assert stored(settings) == before


def test_an_applications_documents_are_capped_in_total_with_a_chinese_error(
    api_as, applicant, draft, settings, django_capture_on_commit_callbacks
):
    settings.APPLICATION_DOCUMENTS_MAX_BYTES = 3 * 1024
    before = stored(settings)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (3 * 1024))
    with django_capture_on_commit_callbacks(execute=True):
        response = _put(api_as(applicant), draft, "articles", big)
    assert response.status_code == 400
    message = error_of(response)["fields"]["articles_file"][0]
    assert "申请材料合计不得超过" in message
    assert stored(settings) == before
    draft.refresh_from_db()
    assert draft.articles_file.size == len(PDF)


def test_replacing_a_document_counts_the_new_file_instead_of_the_old_one(
    api_as, applicant, draft, settings, django_capture_on_commit_callbacks
):
    settings.APPLICATION_DOCUMENTS_MAX_BYTES = 2 * len(PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = _put(api_as(applicant), draft, "articles", SimpleUploadedFile("again.pdf", PDF))
    assert response.status_code == 200, response.content


def test_a_replaced_volunteer_photo_is_removed_from_disk_once_the_change_commits(
    org_officer, muling, settings, django_capture_on_commit_callbacks
):
    volunteer = make_volunteer(muling)
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_update(actor=org_officer, volunteer=volunteer, branch=None, photo=SimpleUploadedFile("a.png", PNG))
    volunteer.refresh_from_db()
    first = volunteer.photo.name
    assert stored(settings) == {first}
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_update(actor=org_officer, volunteer=volunteer, branch=None, photo=SimpleUploadedFile("b.png", PNG))
    volunteer.refresh_from_db()
    assert volunteer.photo.name != first
    assert stored(settings) == {volunteer.photo.name}
