"""Models of the orders app, one module per sub-domain (docs/decisions/011): offerings (with their
slots and reply templates) and orders. Residents and demand live in their own modules."""

from .offerings import MONEY, Offering, OfferingSlot, ReplyTemplate  # noqa: F401
from .orders import CODE_MAX_FAILURES, Order, OrderNotice  # noqa: F401
