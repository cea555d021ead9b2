"""A 10 000-row import run by a REAL Celery worker, with the progress the page polls.

Skipped unless a worker can run (see tests/worker.py and tests/core/test_worker_integration.py), e.g.:

    VAR_DIR=$(mktemp -d) WORKER_TESTS_SQLITE=1 .venv/bin/pytest -m worker tests/services/test_duty_import_worker.py
"""

import pytest

from services.models import DutyListImport
from tests.services.duties_support import csv_upload, item_rows, upload_form
from tests.worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_ten_thousand_row_import_runs_in_the_worker_and_reports_its_progress(worker, district_admin, page_as):
    client = page_as(district_admin)
    client.post(
        "/duty-lists/import/",
        upload_form(items=10_000, categories=14, upload=csv_upload(item_rows(10_000, categories=14))),
    )
    duty_import = DutyListImport.objects.get()
    url = f"/duty-lists/imports/{duty_import.pk}/progress/"
    seen = set()

    def status_is(target):
        def check():
            progress = client.get(url).json()
            seen.add(progress["percent"])
            return progress["status"] == target

        return check

    try:
        wait_for(status_is("validated"), what="the validation job", worker=worker, timeout=120)
        client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
        wait_for(status_is("done"), what="the import job", worker=worker, timeout=120)
        duty_import.refresh_from_db()
        assert duty_import.result_list.items.count() == 10_000
        assert duty_import.processed_rows == duty_import.total_rows == 10_000
        assert 100 in seen
    finally:
        duty_import.file.delete(save=False)
