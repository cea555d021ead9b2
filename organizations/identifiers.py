"""Chinese identifiers: the 18-digit resident ID (GB 11643-1999) and the unified social credit
code (GB 32100-2015). Written here rather than taken from python-stdnum, whose cn.uscc rejects
valid codes starting A, N or Y and whose cn.ric checks area codes against its own table."""

from __future__ import annotations

import re
from datetime import date

# --- Resident ID (居民身份证号码) ---------------------------------------------------------------
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"
_RIC_SHAPE = re.compile(r"^\d{17}[\dX]$")


def ric_check_char(first17: str) -> str:
    return RIC_CHECK[sum(int(d) * w for d, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]


def ric_problem(value: str) -> str | None:
    """Why `value` is not a valid resident ID, in plain words; None when it is valid."""
    value = (value or "").strip().upper()
    if not _RIC_SHAPE.match(value):
        return "shape"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth_date"
    if ric_check_char(value[:17]) != value[17]:
        return "check_digit"
    return None


def ric_is_valid(value: str) -> bool:
    return ric_problem(value) is None


def ric_normalise(value: str) -> str:
    return (value or "").strip().upper()


def ric_mask(value: str) -> str:
    """`510107199001011234` → `5101**********1234`: the area and the last four, nothing between."""
    value = ric_normalise(value)
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


# --- Unified social credit code (统一社会信用代码) ----------------------------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
WUHOU_AREA_CODE = "510107"
# Position 1: registering department (5 = civil affairs); position 2 under 5: 1 社会团体,
# 2 民办非企业单位 (the community service organisations registered here), 3 基金会, 9 其他.
CIVIL_AFFAIRS = "5"
PRIVATE_NON_ENTERPRISE = "2"


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_is_valid(value: str) -> bool:
    value = (value or "").strip().upper()
    if len(value) != 18 or any(ch not in _USCC_VALUE for ch in value):
        return False
    return uscc_check_char(value[:17]) == value[17]


def _org_code_check(body8: str) -> str:
    """GB 11714 check character of the 9-digit organisation code (positions 9-17)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(ch) if ch.isdigit() else ord(ch) - 55 for ch in body8]
    c = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_for_civil_affairs(serial: int, *, org_type: str = PRIVATE_NON_ENTERPRISE, area: str = WUHOU_AREA_CODE) -> str:
    """A credit code for the `serial`-th organisation registered by Wuhou's civil-affairs bureau.

    The 9-character organisation-code part is the serial as 8 digits plus its GB 11714 check.
    """
    if not 0 < serial < 10**8:
        raise ValueError("serial out of range")
    body8 = f"{serial:08d}"
    first17 = CIVIL_AFFAIRS + org_type + area + body8 + _org_code_check(body8)
    return first17 + uscc_check_char(first17)
