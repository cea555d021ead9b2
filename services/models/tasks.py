"""Task requests (工作事项下派) and the gate. Built by issue #3."""

__all__: list[str] = []
