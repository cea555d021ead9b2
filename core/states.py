"""The one transition engine. Every lifecycle in the portal is a table of `Transition` rows.

An app's `states` module declares, per model, who may act (`Party`) and which moves exist
(`Transition`), and builds a `Machine` from them. Actions then call `machine.move(...)`, which locks
the row, checks the move for this actor and this object, writes the new state with a
compare-and-swap and appends the audit record `<model>.<action>`. Pages and the API draw their
buttons from `machine.allowed_actions(actor, obj)`, so what is offered is what the engine allows.

The engine knows no app: a party's test is any `(actor, obj) -> bool`, usually built on the
actor's scope by the app that owns the table. Why a small engine of our own and not django-fsm-2 or
viewflow.fsm: docs/decisions/010-transition-engine.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_record, snake_name
from .errors import Conflict, NotAllowed

CREATED = ""  # The source of a row that brings an object into being.


@dataclass(frozen=True)
class Party:
    """Who may make a move: a name used in the tables, a test, and what a refused actor is told."""

    name: str
    test: Callable[[Any, Any], bool]
    refusal: str  # usually a gettext_lazy string

    def admits(self, actor, obj) -> bool:
        return bool(self.test(actor, obj))


def _is_system(actor, obj) -> bool:
    # Beat jobs, workers and management commands act with actor=None; a request never does
    # (an anonymous visitor is an AnonymousUser, not None).
    return actor is None


SYSTEM = Party("system", _is_system, gettext_lazy("Only the portal itself may do this."))


@dataclass(frozen=True)
class Transition:
    """One row of a lifecycle: `action` moves an object from any of `sources` to `target`,
    made by `by` (a party's name). `guard(obj)` returns why the move is refused for this object
    despite its state (a 409 message), or None."""

    action: str
    sources: tuple[str, ...]
    target: str
    by: str | tuple[str, ...]
    guard: Callable[[Any], str | None] | None = None
    guard_code: str = "conflict"

    def __post_init__(self) -> None:
        if isinstance(self.sources, str):
            object.__setattr__(self, "sources", (self.sources,))
        if isinstance(self.by, str):
            object.__setattr__(self, "by", (self.by,))

    def leaves(self, state: str) -> bool:
        return state in self.sources


@dataclass
class Machine:
    """A model's lifecycle: its table, its parties, and the one way to move along it."""

    model: type[models.Model]
    transitions: tuple[Transition, ...]
    parties: tuple[Party, ...]
    state_field: str = "status"
    # The 409 answer when the state forbids a move: a template where `%(status)s` is the current
    # state's label, or a function of the object that returns the whole message.
    conflict_message: str | Callable[[Any], str] = ""
    conflict_code: str = "invalid_transition"
    name: str = ""
    register: bool = True  # False only for tables made up in tests
    _parties: dict[str, Party] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or snake_name(self.model)
        self._parties = {p.name: p for p in self.parties}
        states = {value for value, _label in self.model._meta.get_field(self.state_field).choices}
        for row in self.transitions:
            unknown = {s for s in (*row.sources, row.target) if s != CREATED and s not in states}
            if unknown:
                raise ValueError(f"{self.name}.{row.action}: unknown states {sorted(unknown)}")
            missing = [b for b in row.by if b not in self._parties]
            if missing:
                raise ValueError(f"{self.name}.{row.action}: no party named {missing}")
        if self.register:
            _registry[self.name] = self

    # --- reading the table ------------------------------------------------------------------
    def rows(self, action: str) -> list[Transition]:
        return [row for row in self.transitions if row.action == action]

    def actions(self) -> list[str]:
        return list(dict.fromkeys(row.action for row in self.transitions))

    def party(self, name: str) -> Party:
        return self._parties[name]

    def audit_action(self, action: str) -> str:
        return f"{self.name}.{action}"

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field) or CREATED

    def _admits(self, row: Transition, actor, obj) -> bool:
        return any(self._parties[name].admits(actor, obj) for name in row.by)

    # --- the check ----------------------------------------------------------------------------
    def check_create(self, actor, obj, action: str, *, target: str | None = None) -> Transition:
        """`check` for a row that brings `obj` (not yet saved) into being."""
        return self.check(actor, obj, action, target=target, state=CREATED)

    def check(self, actor, obj, action: str, *, target: str | None = None, state: str | None = None) -> Transition:
        """The row that lets `actor` make `action` on `obj` now, or the one error that says why not:
        NotAllowed (403) when the actor is no party to this action in any state, Conflict (409)
        when the object's state (or the row's guard) forbids it, NotAllowed when the row for this
        state is another party's."""
        rows = self.check_party(actor, obj, action)
        state = self.state_of(obj) if state is None else state
        here = [row for row in rows if row.leaves(state) and (target is None or row.target == target)]
        if not here:
            raise Conflict(self._conflict_message(obj), code=self.conflict_code)
        mine = [row for row in here if self._admits(row, actor, obj)]
        if not mine:
            raise NotAllowed(str(self._parties[here[0].by[0]].refusal))
        row = mine[0]
        if row.guard is not None:
            refusal = row.guard(obj)
            if refusal:
                raise Conflict(refusal, code=row.guard_code)
        return row

    def check_party(self, actor, obj, action: str) -> list[Transition]:
        """Raise NotAllowed unless `actor` is a party to `action` on `obj` in some state; return the
        action's rows. Actions call it first when they must refuse outsiders before reading input."""
        rows = self.rows(action)
        if not rows:
            raise ValueError(f"{self.name} has no action {action!r}")
        if not any(self._admits(row, actor, obj) for row in rows):
            raise NotAllowed(str(self._parties[rows[0].by[0]].refusal))
        return rows

    def allowed_actions(self, actor, obj) -> list[str]:
        """What `actor` may do to `obj` now: for buttons, and for the API's "what can I do here"."""
        state = self.state_of(obj)
        offered = []
        for row in self.transitions:
            if row.action in offered or not row.leaves(state) or not self._admits(row, actor, obj):
                continue
            if row.guard is not None and row.guard(obj):
                continue
            offered.append(row.action)
        return offered

    def _conflict_message(self, obj) -> str:
        if callable(self.conflict_message):
            return str(self.conflict_message(obj))
        state = self.state_of(obj)
        label = dict(self.model._meta.get_field(self.state_field).choices).get(state, state)
        template = str(self.conflict_message) or _("This cannot be done now: it is “%(status)s”.")
        return template % {"status": label}

    # --- the move -----------------------------------------------------------------------------
    def move(
        self,
        *,
        actor,
        obj: models.Model,
        action: str,
        target: str | None = None,
        reason: str = "",
        data: dict | None = None,
        on_behalf_of=None,
        **changes,
    ) -> models.Model:
        """Lock `obj`, check the move, write the new state and `changes`, audit it; return the
        fresh object. Call inside the action's transaction. `target` picks between rows of the
        same action from the same state (e.g. uphold or overturn). When the portal moves an object
        for someone (a job running a user's import), `on_behalf_of` is the user the audit names."""
        manager = self.model._default_manager
        locked = manager.select_for_update().get(pk=obj.pk)
        row = self.check(actor, locked, action, target=target)
        source = self.state_of(locked)
        # Compare-and-swap on top of the row lock: the state we checked is the state we change.
        changed = manager.filter(pk=locked.pk, **{self.state_field: source}).update(
            **{self.state_field: row.target}, **changes
        )
        if changed != 1:
            raise Conflict(_("Someone else changed this a moment ago; reload and try again."))
        locked.refresh_from_db()
        audit_record(
            actor=on_behalf_of or actor,
            obj=locked,
            action=self.audit_action(action),
            from_state=source,
            to_state=row.target,
            reason=reason,
            data=data,
        )
        return locked

    def record_creation(self, *, actor, obj: models.Model, action: str, reason: str = "", data=None) -> None:
        """Audit a row that brought `obj` into being in its current state (after `check_create`).
        Call inside the action's transaction."""
        audit_record(
            actor=actor,
            obj=obj,
            action=self.audit_action(action),
            to_state=self.state_of(obj),
            reason=reason,
            data=data,
        )


_registry: dict[str, Machine] = {}


def machines() -> Iterable[Machine]:
    """Every machine declared so far (import the apps' `states` modules first:
    `django.utils.module_loading.autodiscover_modules("states")`)."""
    return list(_registry.values())
