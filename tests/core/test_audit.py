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


# --- Published heads: outsiders can check the chain without trusting the database -------------
def _rewrite_history_wholesale(seq: int, reason: str) -> None:
    """What an insider with database access could do: alter a record and re-hash every one after."""
    from core.audit import compute_hash
    from core.models import AuditHead

    prev = GENESIS_HASH
    for record in AuditRecord.objects.order_by("seq"):
        if record.seq == seq:
            record.reason = reason
        record.prev_hash = prev
        record.hash = compute_hash(record)
        AuditRecord.objects.filter(pk=record.pk).update(reason=record.reason, prev_hash=prev, hash=record.hash)
        prev = record.hash
    AuditHead.objects.filter(id=1).update(hash=prev)


def test_beat_publishes_the_chains_head_once_a_day(three_records):
    from core.models import AuditCheckpoint
    from core.tasks import audit_checkpoint
    from wuhou_portal.celery import app

    assert "core.tasks.audit_checkpoint" in {e["task"] for e in app.conf.beat_schedule.values()}
    assert audit_checkpoint.delay().get() == 3
    user_signup(username="dave", password="a-long-enough-passphrase")
    audit_checkpoint.delay()
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.hash) == (3, three_records[2].hash)


def test_the_heads_are_public_on_a_page_linked_from_every_page_and_in_the_api(three_records, client):
    from django.urls import reverse

    from core.audit import audit_checkpoint_record

    audit_checkpoint_record()
    page_url = reverse("core:audit-heads")
    assert f'href="{page_url}"' in client.get("/").content.decode()
    assert three_records[2].hash in client.get(page_url).content.decode()
    body = client.get(reverse("api:audit-head-list")).json()
    assert [(h["seq"], h["hash"]) for h in body["results"]] == [(3, three_records[2].hash)]


def test_verify_audit_confirms_a_saved_head_of_an_unchanged_chain(three_records, capsys):
    user_signup(username="dave", password="a-long-enough-passphrase")
    call_command("verify_audit", head=[f"3:{three_records[2].hash}"])
    assert "#3 matches" in capsys.readouterr().out


def test_verify_audit_with_a_saved_head_catches_history_rewritten_wholesale(three_records):
    saved = f"3:{three_records[2].hash}"
    _rewrite_history_wholesale(2, "rewritten")
    call_command("verify_audit")  # the chain alone looks whole after a wholesale rewrite...
    with pytest.raises(CommandError, match="record #3 no longer has the hash that was saved"):
        call_command("verify_audit", head=[saved])  # ...but not to whoever saved a head


def test_verify_audit_refuses_a_malformed_head(three_records):
    with pytest.raises(CommandError, match="NUMBER:HASH"):
        call_command("verify_audit", head=["3-abc"])
