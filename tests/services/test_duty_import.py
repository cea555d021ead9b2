"""Import of a list from .xlsx or .csv: preview, then all or nothing; every bad row named."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.models import Job
from services import importing
from services.models import DutyCategory, DutyItem, DutyList, DutyListImport
from tests.services.duties_support import (
    HEADER,
    csv_upload,
    item_rows,
    make_list,
    upload_form,
    xlsx_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("duty_media")]
UPLOAD = "/duty-lists/import/"


def snapshot():
    return (DutyList.objects.count(), DutyCategory.objects.count(), DutyItem.objects.count())


def upload(client, **kwargs):
    return client.post(UPLOAD, upload_form(**kwargs))


@pytest.mark.parametrize("builder", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_the_district_admin_imports_a_file_through_a_preview_then_confirms_it(district_admin, page_as, builder):
    old = make_list("assisting", n=3, categories=1)
    client = page_as(district_admin)
    response = upload(client, items=6, categories=2, upload=builder(item_rows(6, categories=2)))
    duty_import = DutyListImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/duty-lists/imports/{duty_import.pk}/"
    assert duty_import.status == DutyListImport.Status.VALIDATED
    assert DutyList.objects.count() == 1  # nothing changes before the confirmation

    preview = client.get(response["Location"]).content.decode()
    assert 'data-testid="preview"' in preview and "类别1" in preview and "X-00001" in preview
    assert duty_import.summary["categories"] == [
        {"code": "X01", "name": "类别1", "items": 3},
        {"code": "X02", "name": "类别2", "items": 3},
    ]

    response = client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
    duty_import.refresh_from_db()
    new = duty_import.result_list
    assert duty_import.status == DutyListImport.Status.DONE
    assert response["Location"] == f"/duty-lists/{new.pk}/"
    assert (new.version, new.status, new.items.count(), new.categories.count()) == (2, "published", 6, 2)
    assert new.title.startswith("武侯区") and new.created_by == district_admin
    old.refresh_from_db()
    assert old.status == DutyList.Status.SUPERSEDED and old.superseded_by == new


def test_the_upload_page_documents_the_columns_and_offers_templates(district_admin, page_as):
    body = page_as(district_admin).get(UPLOAD).content.decode()
    for column in HEADER[:6]:
        assert column in body
    for fmt in ("csv", "xlsx"):
        template = page_as(None).get(f"/duty-lists/import/template/?format={fmt}")
        assert template.status_code == 200
        rows = importing.read_rows(io.BytesIO(template.content), f"t.{fmt}")
        assert rows[0].item_code == "A01-01"


BAD_ROWS = [
    ("missing_title", lambda rows: rows[1].__setitem__(3, ""), 3, "The title is missing."),
    ("unknown_category", lambda rows: rows[2].__setitem__(slice(0, 2), ["Z99", ""]), 4, "Unknown category Z99"),
    ("duplicate_code", lambda rows: rows[3].__setitem__(2, rows[0][2]), 5, "used twice (first on row 2)"),
    ("missing_code", lambda rows: rows[0].__setitem__(2, ""), 2, "The item code is missing."),
    ("category_without_code", lambda rows: rows[1].__setitem__(0, ""), 3, "has no category code"),
]


@pytest.mark.parametrize(("reason", "spoil", "row", "words"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_is_named_with_its_number_and_reason_and_nothing_changes(
    district_admin, page_as, settings, reason, spoil, row, words
):
    settings.LANGUAGE_CODE = "en"
    make_list("assisting", n=3, categories=1)
    before = snapshot()
    rows = item_rows(5, categories=1)
    spoil(rows)
    client = page_as(district_admin)
    response = upload(client, items=5, upload=csv_upload(rows))
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == DutyListImport.Status.INVALID
    assert [(e["row"], e["code"]) for e in duty_import.errors] == [(row, reason)]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-row="{row}"' in page and words in page
    assert 'data-testid="confirm"' not in page

    confirm = client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
    assert confirm.status_code == 302
    duty_import.refresh_from_db()
    assert duty_import.status == DutyListImport.Status.INVALID
    assert snapshot() == before


def test_errors_read_in_chinese_for_a_chinese_user(district_admin, page_as):
    rows = item_rows(2)
    rows[1][3] = ""
    response = upload(page_as(district_admin), kind="party", items=2, upload=csv_upload(rows))
    page = page_as(district_admin).get(response["Location"]).content.decode()
    assert "缺少事项名称" in page


def test_a_count_different_from_what_the_document_declares_is_refused(district_admin, page_as):
    before = snapshot()
    client = page_as(district_admin)
    upload(client, items=123, categories=14, upload=csv_upload(item_rows(122, categories=13)))
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == DutyListImport.Status.INVALID
    assert {(e["code"], e["params"]["found"], e["params"]["declared"]) for e in duty_import.errors} == {
        ("item_count_mismatch", 122, 123),
        ("category_count_mismatch", 13, 14),
    }
    assert all(e["row"] is None for e in duty_import.errors)
    assert snapshot() == before


def test_a_file_without_the_columns_is_refused_with_the_missing_ones(district_admin, page_as):
    upload(page_as(district_admin), items=1, upload=SimpleUploadedFile("x.csv", "名称,备注\n甲,乙\n".encode()))
    (error,) = DutyListImport.objects.get().errors
    assert error["code"] == "missing_columns" and "事项编码" in error["params"]["columns"]
    assert DutyList.objects.count() == 0


def test_a_damaged_excel_file_is_refused_and_nothing_changes(district_admin, page_as):
    upload(page_as(district_admin), items=1, upload=SimpleUploadedFile("x.xlsx", b"not a zip file"))
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == DutyListImport.Status.INVALID and duty_import.errors[0]["code"] == "unreadable"
    assert DutyList.objects.count() == 0


def test_the_form_refuses_a_file_of_another_type_beside_the_field(district_admin, page_as):
    response = upload(page_as(district_admin), items=1, upload=SimpleUploadedFile("x.pdf", b"%PDF"))
    assert response.status_code == 200
    assert 'data-field="file"' in response.content.decode()
    assert DutyListImport.objects.count() == 0


def test_the_form_requires_the_declared_item_count(district_admin, page_as):
    data = upload_form(items=1, upload=csv_upload(item_rows(1)))
    del data["declared_item_count"]
    response = page_as(district_admin).post(UPLOAD, data)
    assert 'data-field="declared_item_count"' in response.content.decode()
    assert DutyListImport.objects.count() == 0


def test_a_csv_saved_by_excel_in_gb18030_is_read(district_admin, page_as):
    body = "\n".join(",".join(r) for r in [HEADER[:6], ["", "", "P01", "组织开展党员学习", "", "街道党工委"]])
    upload(
        page_as(district_admin),
        kind="party",
        items=1,
        upload=SimpleUploadedFile("gbk.csv", body.encode("gb18030")),
    )
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == "validated", duty_import.errors
    assert duty_import.summary["first_rows"][0]["title"] == "组织开展党员学习"


def test_a_ten_thousand_row_file_is_checked_and_imported_by_a_job_with_progress(
    district_admin, page_as, django_capture_on_commit_callbacks
):
    client = page_as(district_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, items=10_000, categories=14, upload=csv_upload(item_rows(10_000, categories=14)))
    duty_import = DutyListImport.objects.get()
    assert Job.objects.get().task_name == "services.tasks_duties.duty_import_validate_job"
    assert duty_import.status == DutyListImport.Status.VALIDATED
    assert duty_import.processed_rows == duty_import.total_rows == 10_000
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="progress"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
    duty_import.refresh_from_db()
    assert duty_import.status == DutyListImport.Status.DONE
    assert Job.objects.filter(state=Job.State.DONE).count() == 2
    progress = client.get(f"/duty-lists/imports/{duty_import.pk}/progress/").json()
    assert progress == {
        "status": "done",
        "status_display": progress["status_display"],
        "processed_rows": 10_000,
        "total_rows": 10_000,
        "percent": 100,
        "done": True,
    }
    assert duty_import.result_list.items.count() == 10_000


def test_a_large_file_waits_for_its_job_and_the_page_shows_the_progress_bar(district_admin, page_as):
    client = page_as(district_admin)
    # Without running the on-commit callbacks the job is only queued: the bar shows 0%.
    response = upload(client, items=600, upload=csv_upload(item_rows(600)))
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == DutyListImport.Status.UPLOADED and duty_import.total_rows == 600
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="progress-bar" max="100" value="0"' in page and "js/duty_import.js" in page
    assert client.get(f"/duty-lists/imports/{duty_import.pk}/progress/").json()["done"] is False


def test_a_retried_job_does_not_import_twice(district_admin, page_as, django_capture_on_commit_callbacks):
    from services.actions.duties import duty_import_apply, duty_import_validate

    client = page_as(district_admin)
    upload(client, kind="party", items=2, upload=csv_upload(item_rows(2)))
    duty_import = DutyListImport.objects.get()
    client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
    before = snapshot()
    duty_import_validate(import_id=duty_import.pk)
    duty_import_apply(import_id=duty_import.pk)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["dept_officer", "street_officer", "community_officer", "org_officer", "resident"])
def test_only_the_district_admin_may_upload_confirm_or_export(who, request, district_admin, page_as):
    user = request.getfixturevalue(who)
    current = make_list("party", n=1, categories=0)
    admin_client = page_as(district_admin)
    upload(admin_client, kind="party", items=1, upload=csv_upload(item_rows(1)))
    duty_import = DutyListImport.objects.get()
    client = page_as(user)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, kind="party", items=1, upload=csv_upload(item_rows(1))).status_code == 403
    assert client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/").status_code == 403
    assert client.get(f"/duty-lists/{current.pk}/export/?format=csv").status_code == 403
    assert DutyListImport.objects.count() == 1
    duty_import.refresh_from_db()
    assert duty_import.status == DutyListImport.Status.VALIDATED


def test_the_anonymous_public_is_sent_to_sign_in_for_the_admin_pages(page_as):
    current = make_list("party", n=1, categories=0)
    for url in (UPLOAD, f"/duty-lists/{current.pk}/export/"):
        response = page_as(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_list_imports_back_as_the_same_list(district_admin, page_as, duty_reference, fmt):
    original = duty_reference["assisting"]
    client = page_as(district_admin)
    exported = client.get(f"/duty-lists/{original.pk}/export/?format={fmt}")
    assert exported.status_code == 200 and "attachment" in exported["Content-Disposition"]
    response = upload(client, items=123, categories=14, upload=SimpleUploadedFile(f"export.{fmt}", exported.content))
    duty_import = DutyListImport.objects.get()
    assert duty_import.status == "validated", duty_import.errors
    client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
    copy = DutyListImport.objects.get().result_list

    def shape(dl):
        return list(
            dl.items.order_by("position").values_list(
                "code",
                "title",
                "legal_basis",
                "responsible_department",
                "is_placeholder",
                "category__code",
                "category__name",
            )
        )

    assert copy.version == 2 and shape(copy) == shape(original)
    assert response.status_code == 302


def test_the_commands_export_and_import_a_list(duty_reference, tmp_path):
    target = tmp_path / "committee.xlsx"
    call_command(
        "export_duty_list",
        "--list",
        duty_reference["committee"].pk,
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    assert openpyxl.load_workbook(target).active.max_row == 19
    out = io.StringIO()
    args = [str(target), "--kind", "committee", "--title", "居委会依法履职事项清单（修订）", "--declared-items", "18"]
    call_command("import_duty_list", *args, "--dry-run", stdout=out)
    assert "dry run" in out.getvalue() and DutyList.objects.filter(kind="committee").count() == 1
    call_command(
        "import_duty_list",
        *args,
        "--document-number",
        "武侯委办〔2026〕1号",
        "--in-force-from",
        "2026-12-01",
        stdout=out,
    )
    new = DutyList.objects.get(kind="committee", status="published")
    assert (new.version, new.items.count(), new.document_number, str(new.in_force_from)) == (
        2,
        18,
        "武侯委办〔2026〕1号",
        "2026-12-01",
    )


def test_the_import_command_names_bad_rows_and_changes_nothing(duty_reference, tmp_path):
    rows = item_rows(3)
    rows[2][3] = ""
    path = tmp_path / "bad.csv"
    path.write_bytes(importing.write_csv([HEADER, *rows]))
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_duty_list", str(path), "--kind", "party", "--title", "t", "--declared-items", "3", stderr=err
        )
    assert "row 4" in err.getvalue()
    assert snapshot() == before


def test_a_file_above_the_maximum_row_count_is_refused_in_chinese_and_creates_nothing(
    district_admin, page_as, monkeypatch
):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    before = snapshot()
    response = upload(page_as(district_admin), items=6, upload=csv_upload(item_rows(6)))
    assert response.status_code == 200
    assert "一份清单最多包含 5 个事项" in response.content.decode()
    assert not DutyListImport.objects.exists() and snapshot() == before


def test_rows_beyond_the_maximum_are_refused_even_when_the_file_understates_its_size(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    with pytest.raises(importing.FileProblem) as problem:
        importing.read_rows(csv_upload(item_rows(6)), "x.csv")
    assert problem.value.error["code"] == "too_many_rows"
