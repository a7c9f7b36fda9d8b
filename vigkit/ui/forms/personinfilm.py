"""One person on the "Who is in this film" list: who they are, their label, their say about
being shown, and their face boxes by time as drawn on the still (a box may lie outside the
picture until saving refuses it). :meth:`PersonRow.record` makes the record the store keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import ipywidgets as w

from vigkit.core.filmpeople import FaceBox, PersonInFilm, PersonKind
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["AGREES", "DrawnBox", "PersonRow", "at_time", "other_families"]

#: "Agreed to be shown": the choice's name -> the record's ``agrees``.
AGREES = {"not_asked": None, "yes": True, "no": False}


class DrawnBox(NamedTuple):
    """A face box as drawn on the still, in the film's pixels."""

    t: float
    x: int
    y: int
    w: int
    h: int
    kept: bool = False


def at_time(t: float) -> float:
    """A time as the list keeps boxes by (hundredths of a second, as stills are named)."""
    return round(float(t), 2)


def other_families(store: Store, code: str) -> list[str]:
    """The cases of the other families in family ``code``'s groups, by code."""
    found = {
        member.code
        for group in store.groups.list(case_code=code)
        for member in store.groups.list_members(group.code)
    }
    return sorted(found - {code})


@dataclass(eq=False)
class PersonRow:
    """One person on the list, with their widgets and their boxes by time."""

    key: str
    id: int | None
    left_at: float | None
    boxes: dict[float, DrawnBox]
    kind: w.Dropdown
    family: w.Dropdown
    label: w.Text
    agrees: w.Dropdown
    remove: w.Button = field(default_factory=w.Button)
    info: w.HTML = field(default_factory=StaticHTML)
    widget: w.VBox = field(default_factory=w.VBox)

    @classmethod
    def make(cls, person: PersonInFilm, key: str, ui: Interface, families: list[str]) -> PersonRow:
        """The row of ``person``; ``families``: the other families they may belong to."""
        say = ui.say
        options = [(code, code) for code in families] or [(say("film.people.no_other_family"), "")]
        if person.case_code and person.case_code not in families:
            options.append((person.case_code, person.case_code))
        agrees = next(name for name, v in AGREES.items() if v is person.agrees)
        row = cls(
            key=key,
            id=person.id,
            left_at=person.left_at,
            boxes={at_time(b.t): DrawnBox(b.t, b.x, b.y, b.w, b.h, b.kept) for b in person.boxes},
            kind=w.Dropdown(
                options=[(say(f"film.people.kind.{k}"), str(k)) for k in PersonKind],
                value=str(person.kind),
                description=say("film.people.kind"),
            ),
            family=w.Dropdown(
                options=options,
                value=person.case_code or options[0][1],
                description=say("film.people.family"),
            ),
            label=w.Text(
                value=person.label, description=say("film.people.label"), continuous_update=False
            ),
            agrees=w.Dropdown(
                options=[(say(f"film.people.agrees.{name}"), name) for name in AGREES],
                value=agrees,
                description=say("film.people.agrees"),
            ),
        )
        for field_ in (row.kind, row.family, row.label, row.agrees):
            field_.style.description_width = "initial"
        row.widget = w.VBox(
            [
                w.HBox(
                    [row.kind, row.family, row.label, row.agrees],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                w.HBox([row.info, row.remove], layout=w.Layout(flex_flow="row wrap")),
            ]
        )
        row.widget.add_class("vk-person")
        return row

    def shown_at(self, t: float) -> tuple[DrawnBox, bool] | None:
        """Their box at ``t`` and whether it is carried from an earlier one (None: none)."""
        if t in self.boxes:
            return self.boxes[t], False
        if self.left_at is not None and t > self.left_at:
            return None
        before = [b for when, b in self.boxes.items() if when < t]
        return (max(before), True) if before else None

    def in_order(self) -> list[DrawnBox]:
        return [self.boxes[t] for t in sorted(self.boxes)]

    def record(self, film_id: int) -> PersonInFilm:
        """The person as the store keeps them; pydantic's ValidationError when not right."""
        other = self.kind.value == str(PersonKind.other_family)
        return PersonInFilm(
            id=self.id,
            film_id=film_id,
            kind=PersonKind(self.kind.value),
            case_code=(self.family.value or None) if other else None,
            label=self.label.value,
            agrees=AGREES[str(self.agrees.value)],
            left_at=self.left_at,
            boxes=[
                FaceBox(t=b.t, x=b.x, y=b.y, w=b.w, h=b.h, kept=b.kept) for b in self.in_order()
            ],
        )
