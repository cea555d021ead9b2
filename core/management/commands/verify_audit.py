from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain, verify_head
from core.models import AuditRecord


def _head(value: str) -> tuple[int, str]:
    seq, sep, hash_ = value.partition(":")
    if not sep or not seq.isdigit() or len(hash_) != 64:
        raise CommandError("--head takes RECORD_NUMBER:HASH, e.g. 1234:9f86d0…(64 hex digits)")
    return int(seq), hash_.lower()


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; name the first record that was altered or removed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="N:HASH",
            help="a head saved earlier (from /audit/heads/): prove nothing up to it has changed since",
        )

    def handle(self, *args, **options):
        heads = [_head(value) for value in options["head"]]
        for seq, hash_ in heads:
            fault = verify_head(seq, hash_)
            if fault:
                raise CommandError(f"Audit trail broken: {fault.problem}")
            self.stdout.write(self.style.SUCCESS(f"Head #{seq} matches: nothing up to it has changed."))
        fault = verify_chain()
        if fault:
            raise CommandError(f"Audit trail broken: {fault.problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {AuditRecord.objects.count()} records."))
