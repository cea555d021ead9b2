from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain
from core.models import AuditRecord


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; name the first record that was altered or removed."

    def handle(self, *args, **options):
        fault = verify_chain()
        if fault:
            raise CommandError(f"Audit trail broken: {fault.problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {AuditRecord.objects.count()} records."))
