"""A form shown again as it was typed, with each message beside the field it is about.

Input names on the page follow the domain's field names (`predictions[1].prediction` is the
input `predictions-1-prediction`), so an `InvalidEntry` finds its input without a table per
form. Ids are the form's key plus the name, because one page holds many forms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.errors import DomainError, InvalidEntry, RuleViolated, VersionMismatch
from web.forms import new_submission

# Errors a person can put right on the same page; the others get an error page of their own.
REFUSALS: dict[type[DomainError], int] = {
    InvalidEntry: 400,
    RuleViolated: 409,
    VersionMismatch: 412,
}
REFUSED = tuple(REFUSALS)
# Lists typed one entry per line into a single textarea.
LINE_LISTS = {"questions": "Question", "actions": "Action", "facilitators": "Facilitator"}
_INDEXED = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


def input_for(field_name: str) -> str:
    """The input that holds a domain field: `predictions[1]` is the second question typed."""
    match = _INDEXED.match(field_name)
    if match is None:
        return {"predictions": "predictions-0-question", "results": "results-0-result"}.get(
            field_name, field_name
        )
    name, index, part = match.groups()
    if name in LINE_LISTS:
        return name
    if name == "predictions":
        return f"predictions-{index}-{part or 'question'}"
    if name == "results":
        return f"results-{index}-result"
    return f"{name}-{index}-{part}" if part else name


def _message(error: InvalidEntry) -> str:
    match = _INDEXED.match(error.field)
    if match is not None and match.group(1) in LINE_LISTS:
        return f"{LINE_LISTS[match.group(1)]} {int(match.group(2)) + 1} {error.reason}."
    return f"{error.reason[:1].upper()}{error.reason[1:]}."


def _labelled(name: str, message: str) -> str:
    """`predictions-1-prediction` reads as "Prediction 2", `what_happened` as "What happened"."""
    if name in LINE_LISTS:
        return message
    match = re.fullmatch(r"\w+-(\d+)-(\w+)", name)
    label = f"{match.group(2)} {int(match.group(1)) + 1}" if match else name.replace("_", " ")
    return f"{label[:1].upper()}{label[1:]}: {message[:1].lower()}{message[1:]}"


@dataclass(frozen=True)
class Typed:
    """A form shown again as it was typed: refused by the domain, with nothing recorded, or
    grown by a row. `focus` names the input to focus; `section` is where a message about the
    whole form links to."""

    form: str
    values: Mapping[str, str]
    status: int = 200
    message: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)
    focus: str = ""
    section: str = ""

    @classmethod
    def refused(
        cls, form: str, values: Mapping[str, str], error: DomainError, section: str = ""
    ) -> Typed:
        """`section` is where a message about the whole form links to: the form may not be
        on the page at all, as when a crafted request asks for a step out of turn."""
        status = next(code for kind, code in REFUSALS.items() if isinstance(error, kind))
        if isinstance(error, InvalidEntry):
            name, message = input_for(error.field), _message(error)
            return cls(form, values, status, message, {name: message}, name)
        message = f"{error.message[:1].upper()}{error.message[1:]}."
        return cls(form, values, status, message, section=section)

    def summary(self) -> list[tuple[str, str]]:
        """(link, message) pairs for the summary at the top of the page."""
        if not self.errors:
            return [(f"#{self.section or self.form}", self.message)] if self.message else []
        return [
            (f"#{self.form}-{name}", _labelled(name, text)) for name, text in self.errors.items()
        ]


@dataclass(frozen=True)
class FormView:
    """One form on a page, as a template sees it."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    message: str = ""
    focus: str = ""

    def id(self, name: str) -> str:
        return f"{self.key}-{name}"

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error(self, name: str) -> str:
        return self.errors.get(name, "")

    def autofocus(self, name: str) -> bool:
        return bool(self.focus) and self.focus == name

    def submission(self) -> str:
        return new_submission()


class Forms:
    """Every form of a page: fresh ones, and at most one shown again as typed.

    Without JavaScript a refused page loads afresh, so the error summary takes the focus; after
    an htmx swap only the form's section changes, so the first field in error takes it."""

    def __init__(self, typed: Typed | None = None, *, htmx: bool = False) -> None:
        self.typed = typed
        self.htmx = htmx

    def __call__(self, key: str) -> FormView:
        typed = self.typed
        if typed is None or typed.form != key:
            return FormView(key)
        message = "" if typed.errors else typed.message
        focus = typed.focus if self.htmx or not typed.errors else ""
        return FormView(key, typed.values, typed.errors, message, focus)

    def summary(self) -> list[tuple[str, str]]:
        return [] if self.typed is None else self.typed.summary()

    @property
    def focus_summary(self) -> bool:
        return not self.htmx and bool(self.summary())
