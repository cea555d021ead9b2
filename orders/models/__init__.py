"""The orders app's models, one module per sub-domain (docs/decisions/011-layout.md)."""

from .demand import Demand, DemandVoice
from .residents import ResidentApplication

__all__ = ["Demand", "DemandVoice", "ResidentApplication"]
