import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.actions import user_signup
from core.audit import audit_record, verify_chain
from core.models import GENESIS_HASH, AuditRecord
from tests.factories import UserFactory


@pytest.fixture
def three_records(db):
    for name in ("alice", "bob", "carol"):
        user_signup(username=name, password="a-long-enough-passphrase")
    return list(AuditRecord.objects.order_by("seq"))


def test_each_record_chains_to_the_one_before(three_records):
    first, second, third = three_records
    assert [r.seq for r in three_records] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert verify_chain() is None


def test_a_record_names_who_did_what_to_which_object(three_records):
    record = three_records[0]
    assert record.actor_name == "alice"
    assert record.action == "user.signup"
    assert record.object_type == "accounts.user"
    assert record.to_state == "active"


def test_verify_audit_passes_on_an_intact_trail(three_records, capsys):
    call_command("verify_audit")
    assert "3 records" in capsys.readouterr().out


def test_verify_audit_names_the_record_altered_in_the_database(three_records):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET reason = %s WHERE seq = 2", ["rewritten"])
    with pytest.raises(CommandError, match=r"record #2 \(id \d+\) was altered"):
        call_command("verify_audit")


def test_verify_audit_names_a_removed_record(three_records):
    AuditRecord.objects.filter(seq=2).delete()
    with pytest.raises(CommandError, match="record #2 is missing"):
        call_command("verify_audit")


def test_verify_audit_notices_the_newest_records_removed(three_records):
    AuditRecord.objects.filter(seq=3).delete()
    with pytest.raises(CommandError, match="#3 to #3 were removed"):
        call_command("verify_audit")


def test_a_rehashed_forgery_still_breaks_the_chain_after_it(three_records):
    from core.audit import compute_hash

    forged = AuditRecord.objects.get(seq=2)
    forged.reason = "forged"
    forged.hash = compute_hash(forged)
    AuditRecord.objects.filter(pk=forged.pk).update(reason=forged.reason, hash=forged.hash)
    fault = verify_chain()
    assert fault is not None and fault.seq == 3


def test_audit_record_refuses_to_write_outside_a_transaction(db):
    user = UserFactory(username="x")
    with pytest.raises(RuntimeError):
        # pytest-django wraps the test in a transaction; leave it to test the guard.
        connection.in_atomic_block, saved = False, connection.in_atomic_block
        try:
            audit_record(actor=None, obj=user, action="x")
        finally:
            connection.in_atomic_block = saved


def test_the_history_page_shows_an_objects_records_to_its_owner(three_records, page_as):
    alice = three_records[0].actor
    response = page_as(alice).get(f"/history/accounts.user/{alice.pk}/")
    assert response.status_code == 200
    assert "user.signup" in response.content.decode()


def test_the_history_page_hides_other_peoples_records(three_records, page_as):
    alice, bob = three_records[0].actor, three_records[1].actor
    assert page_as(bob).get(f"/history/accounts.user/{alice.pk}/").status_code == 404
    assert page_as(None).get(f"/history/nothing.here/{alice.pk}/").status_code == 404
