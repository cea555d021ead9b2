"""manage.py import_duty_list FILE --kind assisting --title ... --declared-items 123 [--dry-run]"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from services import importing
from services.actions.duties import duty_list_import_file
from services.models import DutyList


class Command(BaseCommand):
    help = "Check a duty-list file (.xlsx or .csv) and, if every row is good, publish it as a new version."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=DutyList.Kind.values)
        parser.add_argument("--title", required=True)
        parser.add_argument("--declared-items", type=int, required=True)
        parser.add_argument("--declared-categories", type=int, default=None)
        parser.add_argument("--document-number", default="")
        parser.add_argument("--in-force-from", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as handle:
                result, duty_list = duty_list_import_file(
                    actor=None,
                    handle=handle,
                    name=options["file"],
                    kind=options["kind"],
                    title=options["title"],
                    declared_item_count=options["declared_items"],
                    declared_category_count=options["declared_categories"],
                    document_number=options["document_number"],
                    in_force_from=options["in_force_from"],
                    dry_run=options["dry_run"],
                )
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                where = f"row {error['row']}" if error.get("row") else "file"
                self.stderr.write(f"{where}: {importing.error_message(error)}")
            raise CommandError(f"{len(result.errors)} problem(s); nothing was imported.")
        summary = f"{len(result.rows)} items in {len(result.categories)} categories"
        if duty_list is None:
            self.stdout.write(f"OK (dry run): {summary}; nothing was changed.")
        else:
            self.stdout.write(f"Imported {summary} as {duty_list} (id {duty_list.pk}), now in force.")
