"""manage.py export_duty_list --list ID --format xlsx|csv -o FILE"""

from django.core.management.base import BaseCommand, CommandError

from services import importing
from services.models import DutyList


class Command(BaseCommand):
    help = "Write one version of a duty list to .xlsx or .csv, in the columns the import reads."

    def add_arguments(self, parser):
        parser.add_argument("--list", type=int, required=True, dest="list_id")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        duty_list = DutyList.objects.filter(pk=options["list_id"]).first()
        if duty_list is None:
            raise CommandError(f"No duty list with id {options['list_id']}.")
        rows = importing.list_rows(duty_list)
        body = importing.write_csv(rows) if options["format"] == "csv" else importing.write_xlsx(rows)
        with open(options["output"], "wb") as handle:
            handle.write(body)
        self.stdout.write(f"Wrote {len(rows) - 1} items of {duty_list} to {options['output']}.")
