"""Reading, checking and writing duty-list files (.xlsx and .csv).

One row per item, in these columns (the header row names them, in Chinese or English):

    类别编码 category_code · 类别名称 category_name · 事项编码 item_code · 事项名称 title ·
    法律依据 legal_basis · 责任部门 responsible_department · [示例 placeholder]

Row numbers are the spreadsheet's own: the header is row 1, the first item row 2. Nothing
here touches the database: `validate()` returns every problem at once, each with its row, and
the actions decide what to do with a clean file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# (key, Chinese header, English header, required)
COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("category_code", "类别编码", "category_code", True),
    ("category_name", "类别名称", "category_name", True),
    ("item_code", "事项编码", "item_code", True),
    ("title", "事项名称", "title", True),
    ("legal_basis", "法律依据", "legal_basis", True),
    ("responsible_department", "责任部门", "responsible_department", True),
    # Optional: lets an export of the shipped examples round-trip without passing them off as official.
    ("placeholder", "示例", "placeholder", False),
)
COLUMN_HELP = (
    ("category_code", _("Category code, e.g. A01. Blank for a list without categories.")),
    ("category_name", _("Category name, given at least once for each category code.")),
    ("item_code", _("Item code, unique in the list, e.g. A01-03.")),
    ("title", _("The item's title as the document words it. Required.")),
    ("legal_basis", _("Law, regulation or document the duty rests on. May be blank.")),
    ("responsible_department", _("The department responsible for the item. May be blank.")),
    ("placeholder", _("Optional: 1 (or 是) marks an example item that is not yet official text.")),
)
HEADER = [zh for _key, zh, _en, _req in COLUMNS]
MAX_LENGTHS = {"category_code": 20, "category_name": 100, "item_code": 20, "title": 300, "legal_basis": 300}
MAX_LENGTHS["responsible_department"] = 100
TRUE_WORDS = {"1", "是", "y", "yes", "true", "示例"}
# Files above this many rows are validated and imported by a Celery job with a progress bar.
INLINE_ROW_LIMIT = 500
# The most items a list may hold: the pages, the API and the exports of a list stay bounded.
# Official lists hold tens of items, the largest a few hundred.
MAX_ROWS = 10_000
PROGRESS_EVERY = 500

ERROR_MESSAGES = {
    "unreadable": _("The file could not be read as %(format)s: %(detail)s"),
    "import_failed": _("The import failed: %(detail)s"),
    "bad_format": _("Upload an Excel (.xlsx) or CSV (.csv) file."),
    "missing_columns": _("The header row lacks the column(s): %(columns)s."),
    "no_rows": _("The file has no item rows."),
    "too_many_rows": _("The file has more than %(max)s item rows; a duty list holds at most %(max)s items."),
    "missing_code": _("The item code is missing."),
    "missing_title": _("The title is missing."),
    "duplicate_code": _("Item code %(code)s is used twice (first on row %(first_row)s)."),
    "unknown_category": _("Unknown category %(code)s: no row names it."),
    "category_without_code": _("The category %(name)s has no category code."),
    "category_name_conflict": _(
        "Category %(code)s is named “%(name)s” here but “%(first_name)s” on row %(first_row)s."
    ),
    "missing_category": _("The item has no category, but the document declares categories."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
    "item_count_mismatch": _("The file has %(found)s items; the document declares %(declared)s."),
    "category_count_mismatch": _("The file has %(found)s categories; the document declares %(declared)s."),
}


def error_message(error: dict) -> str:
    """The user-language sentence for one stored error."""
    template = ERROR_MESSAGES.get(error.get("code"), _("Unknown problem."))
    try:
        return str(template) % error.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def make_error(error_code: str, row: int | None = None, /, **params) -> dict:
    return {"row": row, "code": error_code, "params": params}


class FileProblem(Exception):
    """The file as a whole cannot be read; carries one error dict."""

    def __init__(self, error: dict):
        super().__init__(error["code"])
        self.error = error


@dataclass
class Row:
    number: int
    category_code: str = ""
    category_name: str = ""
    item_code: str = ""
    title: str = ""
    legal_basis: str = ""
    responsible_department: str = ""
    is_placeholder: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def file_format(name: str) -> str:
    suffix = Path(name or "").suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    raise FileProblem(make_error("bad_format"))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_text(handle) -> io.StringIO:
    raw = handle.read()
    if isinstance(raw, str):
        return io.StringIO(raw)
    # Excel in a Chinese locale saves CSV as GB18030 (GBK); everything else should be UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return io.StringIO(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise FileProblem(make_error("unreadable", format="CSV", detail=gettext("unknown text encoding")))


def _raw_rows(handle, fmt: str) -> Iterator[list]:
    if fmt == "csv":
        yield from csv.reader(_csv_text(handle))
        return
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or mislabelled file
        raise FileProblem(make_error("unreadable", format="Excel", detail=str(exc)[:200])) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _column_map(header: list) -> dict[str, int]:
    names = {}
    for key, zh, en, _required in COLUMNS:
        names[zh] = key
        names[en] = key
        names[en.replace("_", " ")] = key
    found = {}
    for index, cell in enumerate(header):
        key = names.get(_cell(cell).lower()) or names.get(_cell(cell))
        if key and key not in found:
            found[key] = index
    missing = [zh for key, zh, _en, required in COLUMNS if required and key not in found]
    if missing:
        raise FileProblem(make_error("missing_columns", 1, columns="、".join(missing)))
    return found


def read_rows(handle, name: str) -> list[Row]:
    """Every non-blank item row of the file, numbered as the spreadsheet numbers them."""
    fmt = file_format(name)
    rows: list[Row] = []
    columns: dict[str, int] | None = None
    for number, values in enumerate(_raw_rows(handle, fmt), start=1):
        values = list(values or [])
        if columns is None:
            columns = _column_map(values)
            continue
        cells = {key: _cell(values[i]) if i < len(values) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise FileProblem(make_error("too_many_rows", max=MAX_ROWS))
        rows.append(
            Row(
                number=number,
                category_code=cells.get("category_code", ""),
                category_name=cells.get("category_name", ""),
                item_code=cells.get("item_code", ""),
                title=cells.get("title", ""),
                legal_basis=cells.get("legal_basis", ""),
                responsible_department=cells.get("responsible_department", ""),
                is_placeholder=cells.get("placeholder", "").lower() in TRUE_WORDS,
            )
        )
    if columns is None:
        raise FileProblem(make_error("no_rows"))
    return rows


def count_rows(handle, name: str) -> int:
    """A cheap upper bound of the item rows, to choose between inline and a job."""
    fmt = file_format(name)
    if fmt == "csv":
        return max(0, sum(1 for line in _csv_text(handle) if line.strip()) - 1)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True)
        sheet = workbook.worksheets[0]
        total = max(0, (sheet.max_row or 0) - 1)
        workbook.close()
    except Exception:  # unreadable files are reported by the validation that follows
        return 0
    return total


@dataclass
class Validation:
    rows: list[Row]
    errors: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, first: int = 10) -> dict:
        return {
            "items": len(self.rows),
            "categories": self.categories,
            "first_rows": [r.as_dict() for r in self.rows[:first]],
        }


def validate(
    rows: list[Row],
    *,
    declared_items: int,
    declared_categories: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Validation:
    """Check every row; report each problem with its row number. Reads nothing but `rows`."""
    result = Validation(rows=rows)
    errors = result.errors
    codes: dict[str, int] = {}
    # code -> {"code", "name", "items", "row"}, in order of first appearance
    categories: dict[str, dict] = {}
    pending: list[Row] = []  # rows naming a category code whose name may come later
    for index, row in enumerate(rows, start=1):
        for column, limit in MAX_LENGTHS.items():
            if len(getattr(row, column)) > limit:
                errors.append(make_error("too_long", row.number, column=column, max=limit))
        if not row.item_code:
            errors.append(make_error("missing_code", row.number))
        elif row.item_code in codes:
            errors.append(make_error("duplicate_code", row.number, code=row.item_code, first_row=codes[row.item_code]))
        else:
            codes[row.item_code] = row.number
        if not row.title:
            errors.append(make_error("missing_title", row.number))
        if row.category_code:
            known = categories.get(row.category_code)
            if row.category_name and known is None:
                categories[row.category_code] = {
                    "code": row.category_code,
                    "name": row.category_name,
                    "items": 0,
                    "row": row.number,
                }
            elif row.category_name and known is not None and known["name"] != row.category_name:
                errors.append(
                    make_error(
                        "category_name_conflict",
                        row.number,
                        code=row.category_code,
                        name=row.category_name,
                        first_name=known["name"],
                        first_row=known["row"],
                    )
                )
            pending.append(row)
        elif row.category_name:
            errors.append(make_error("category_without_code", row.number, name=row.category_name))
        elif declared_categories:
            errors.append(make_error("missing_category", row.number))
        if progress and index % PROGRESS_EVERY == 0:
            progress(index)
    for row in pending:
        category = categories.get(row.category_code)
        if category is None:
            errors.append(make_error("unknown_category", row.number, code=row.category_code))
        else:
            category["items"] += 1
    result.categories = [{k: v for k, v in c.items() if k != "row"} for c in categories.values()]
    if not rows:
        errors.append(make_error("no_rows"))
    elif len(rows) != declared_items:
        errors.append(make_error("item_count_mismatch", found=len(rows), declared=declared_items))
    if declared_categories is not None and len(categories) != declared_categories:
        errors.append(make_error("category_count_mismatch", found=len(categories), declared=declared_categories))
    errors.sort(key=lambda e: (e["row"] is None, e["row"] or 0))
    if progress:
        progress(len(rows))
    return result


# --- Writing ------------------------------------------------------------------------------------
def list_rows(duty_list, items: Iterable | None = None) -> list[list[str]]:
    """The header and one row per item of a list version, in the import's column order."""
    if items is None:
        items = duty_list.items.select_related("category").order_by("position", "code")
    out = [list(HEADER)]
    for item in items:
        category = item.category
        out.append(
            [
                category.code if category else "",
                category.name if category else "",
                item.code,
                item.title,
                item.legal_basis,
                item.responsible_department,
                "1" if item.is_placeholder else "",
            ]
        )
    return out


TEMPLATE_ROWS = [
    list(HEADER),
    ["A01", "人口与计划生育", "A01-01", "（示例）协助开展人口信息采集", "", "区卫健局", ""],
]


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    # The BOM makes Excel open the UTF-8 file with its Chinese intact.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: list[list[str]], *, sheet_title: str = "清单") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
