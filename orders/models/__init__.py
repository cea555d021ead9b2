"""The orders app's models, one module per sub-domain (docs/decisions/011-layout.md): residents,
demand, offerings (with their slots and reply templates) and orders."""

from .demand import Demand, DemandVoice
from .offerings import MONEY, Offering, OfferingSlot, ReplyTemplate
from .orders import CODE_MAX_FAILURES, Order, OrderNotice
from .residents import ResidentApplication

__all__ = [
    "CODE_MAX_FAILURES",
    "MONEY",
    "Demand",
    "DemandVoice",
    "Offering",
    "OfferingSlot",
    "Order",
    "OrderNotice",
    "ReplyTemplate",
    "ResidentApplication",
]
