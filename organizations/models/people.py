"""The people who do the work: social workers, coordinators, volunteers. Built by issue #4."""

__all__: list[str] = []
