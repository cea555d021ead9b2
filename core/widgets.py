"""Form widgets shared by the apps' pages."""

from __future__ import annotations

from collections.abc import Callable

from django import forms


class GroupedCheckboxPicker(forms.CheckboxSelectMultiple):
    """Many boxes, grouped (communities by street, duty items by list and category), each box beside
    its own name. Server-rendered and complete without scripts; static/js/pickers.js adds a filter
    box, a live count, "whole group" and "clear" buttons and, with `chips`, the chosen items as
    removable chips.

    `group_of(instance)` names an option's group; options keep the order of the queryset, so order
    it by group first.
    """

    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        attrs=None,
        choices=(),
        *,
        group_of: Callable[[object], str] | None = None,
        group_tools: bool = False,
        chips: bool = False,
        wide: bool = False,
    ):
        super().__init__(attrs, choices)
        self.group_of = group_of
        self.group_tools = group_tools
        self.chips = chips
        self.wide = wide

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups: dict[str, list[dict]] = {}
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                instance = getattr(option["value"], "instance", None)
                key = self.group_of(instance) if self.group_of and instance is not None else ""
                groups.setdefault(key, []).append(option)
        context["widget"].update(
            groups=[{"name": key, "options": options} for key, options in groups.items()],
            selected_count=sum(o["selected"] for options in groups.values() for o in options),
            group_tools=self.group_tools,
            chips=self.chips,
            wide=self.wide,
        )
        return context
