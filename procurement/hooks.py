"""Hooks that higher layers fill in their AppConfig.ready(): procurement never imports them.

`contract_signed_register(fn)`: `fn(contract_id)` runs after the commit that made a contract
active (the orders app creates the service offering that opens the service to residents). A hook
that fails is logged and does not undo the signature; it must be idempotent, since a contract's
signature is announced once but a hook may be re-run by hand (`contract_signed_announce`).

`ratings_register(fn)`: `fn(contract_id) -> Decimal | None`, the residents' ratings of the
contract's service orders on a 0–100 scale (None: no ratings yet). The performance evaluation
(绩效评价) weighs them in when a source is registered (the orders app's).

`deliveries_register(fn)`: `fn(contract_id) -> int`, the deliveries residents confirmed under the
contract's service (the orders app's confirmed orders): the contract's delivered quantity, shown on
the contract page, and what a milestone that requires a number of confirmed deliveries waits for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

logger = logging.getLogger(__name__)

_contract_signed: list[Callable[[int], object]] = []


def contract_signed_register(fn: Callable[[int], object]) -> None:
    if fn not in _contract_signed:
        _contract_signed.append(fn)


def contract_signed_announce(contract_id: int) -> None:
    for fn in list(_contract_signed):
        try:
            fn(contract_id)
        except Exception:  # one app's failure must not hide the signature from the others
            logger.exception("contract_signed hook %r failed for contract %s", fn, contract_id)


_ratings: list[Callable[[int], Decimal | None]] = []


def ratings_register(fn: Callable[[int], Decimal | None]) -> None:
    if fn not in _ratings:
        _ratings.append(fn)


def ratings_of(contract_id: int) -> Decimal | None:
    """The mean of the registered sources' ratings of a contract, or None when none has any."""
    found = [value for fn in _ratings if (value := fn(contract_id)) is not None]
    return sum(found, Decimal("0")) / len(found) if found else None


_deliveries: list[Callable[[int], int]] = []


def deliveries_register(fn: Callable[[int], int]) -> None:
    if fn not in _deliveries:
        _deliveries.append(fn)


def deliveries_of(contract_id: int) -> int | None:
    """The confirmed deliveries of a contract, summed over the registered sources; None with no source."""
    if not _deliveries:
        return None
    return sum(fn(contract_id) for fn in _deliveries)
