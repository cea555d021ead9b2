"""Hooks that higher layers fill in their AppConfig.ready(): procurement never imports them.

`contract_signed_register(fn)`: `fn(contract_id)` runs after the commit that made a contract
active (the orders app creates the service offering that opens the service to residents). A hook
that fails is logged and does not undo the signature; it must be idempotent, since a contract's
signature is announced once but a hook may be re-run by hand (`contract_signed_announce`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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
