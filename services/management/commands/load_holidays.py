"""manage.py load_holidays FILE.csv — enter a year's official holiday schedule (放假安排).

One row per day, with a header row naming the columns date, kind, name, source (or 日期, 类型,
名称, 来源), for example:

    date,kind,name,source
    2027-02-06,holiday,春节,国办发明电〔2026〕N号
    2027-02-14,workday,春节调休,国办发明电〔2026〕N号

kind is holiday (法定节假日) or workday (调休上班). Loading the same file again changes
nothing; a bad row loads nothing and is named by its line (the header is row 1).
"""

import csv

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from services.actions.calendar import calendar_days_load

HEADERS = {"日期": "date", "类型": "kind", "名称": "name", "来源": "source"}


class Command(BaseCommand):
    help = "Load the official holiday schedule from a CSV file (date, kind, name, source), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            # utf-8-sig: a CSV saved by Excel starts with a byte-order mark.
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = [HEADERS.get(h.strip(), h.strip().lower()) for h in next(reader, [])]
                missing = [c for c in ("date", "kind", "name") if c not in header]
                if missing:
                    raise CommandError(f"row 1: the header lacks the column(s): {', '.join(missing)}")
                rows = [
                    {**dict(zip(header, line, strict=False)), "row": reader.line_num}
                    for line in reader
                    if any(cell.strip() for cell in line)
                ]
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            result = calendar_days_load(actor=None, rows=rows)
        except DomainError as error:
            for problem in error.fields.get("rows", []):
                self.stderr.write(problem)
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Loaded {options['file']}: {result.created} day(s) added, {result.updated} changed, "
            f"{result.unchanged} already there."
        )
