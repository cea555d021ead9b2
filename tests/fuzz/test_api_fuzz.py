"""Schemathesis over every operation of the API schema, as the district admin (who may do
nearly everything) and as a resident (who may do nearly nothing), against the demo data.

Fails on any 5xx and on any answer the schema does not describe (status, content type, body),
with all of schemathesis' checks. Run by CI's fuzz step and `make fuzz` (longer); excluded from
`make test`. A failure prints the hypothesis seed: rerun with `--hypothesis-seed=N`.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from accounts.models import User
from wuhou_portal.wsgi import application

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Only this directory's tests see this: the demo data, loaded once into the throwaway test
    # database. Each operation's test runs in a transaction rolled back afterwards.
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    # The WSGI handler closes "old" connections around each request, and a connection inside
    # the test's transaction looks old to it; Django's own test client unhooks it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded at collection, in-process (no server, no database access: the schema is generated
# from the code).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def _token(username: str) -> str:
    return Token.objects.get_or_create(user=User.objects.get(username=username))[0].key


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # `db` is per operation on purpose: its examples share one transaction, rolled back after.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_the_district_admin_as_its_schema_says(case, db):
    case.call_and_validate(headers={"Authorization": f"Token {_token('district_admin')}"})


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_a_resident_as_its_schema_says(case, db):
    case.call_and_validate(headers={"Authorization": f"Token {_token('resident_zhang')}"})
