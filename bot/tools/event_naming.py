"""Score how well the matcher tells which event a phrase names: `factbot eval --events`.

Timeline questions name events in their own words ("what happened after kim met with
trump?", "which came first, the commutation or the corona visit?"), and every answer to
them hangs on reading each phrase as the right event. An event file is a YAML list of
phrases, each with the date of the event it names as the articles give it, written by
someone who saw only the articles:

    - phrase: "the oval office sit-down"
      date: "2018-05-31"     # YYYY-MM-DD, YYYY-MM, YYYY or 1990s; "none": not told or dated
      also: ["2018-05-30"]   # other dates as right, where reports disagree

A phrase is named right when the event the matcher names falls within the date given, at
least as precisely (a day inside "2018-06"; not "2018" for "2018-06"), or a day either side
of it (reports of one event may disagree by a day); a phrase dated "none" is right when
the matcher names no event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core import Fact, PartialDate
from bot.tools.evaluation import QuestionFileError, read_list

NOT_TOLD = "none"
DAYS_APART = 1  # reports of one event may put it a day apart


@dataclass(frozen=True, slots=True)
class EventPhrase:
    phrase: str
    dates: tuple[PartialDate, ...]  # empty: the coverage does not tell of it


@dataclass(frozen=True, slots=True)
class EventReport:
    """How many phrases were named right, of those the coverage dates and of the rest."""

    dated: int
    dated_right: int
    untold: int
    untold_declined: int

    @classmethod
    def pooled(cls, reports: list[EventReport]) -> EventReport:
        return cls(
            sum(r.dated for r in reports),
            sum(r.dated_right for r in reports),
            sum(r.untold for r in reports),
            sum(r.untold_declined for r in reports),
        )

    @property
    def accuracy(self) -> float:
        total = self.dated + self.untold
        return (self.dated_right + self.untold_declined) / total if total else 0.0

    def line(self) -> str:
        return (
            f"named_right={self.accuracy:.3f} "
            f"dated={self.dated_right}/{self.dated} untold_declined={self.untold_declined}/"
            f"{self.untold}"
        )


def load_events(path: Path) -> list[EventPhrase]:
    """An event file (format above); a mistake names the file, the item and the fix."""
    phrases = []
    for n, item in enumerate(read_list(path, "event phrases"), 1):
        where = f"{path}: phrase {n}"
        if not isinstance(item, dict) or not isinstance(item.get("phrase"), str):
            raise QuestionFileError(f"{where} needs a 'phrase' string")
        told = str(item.get("date", "")).strip()
        if told.lower() == NOT_TOLD:
            phrases.append(EventPhrase(item["phrase"], ()))
            continue
        try:
            dates = tuple(PartialDate.parse(str(d)) for d in [told, *(item.get("also") or [])])
        except ValueError as exc:
            raise QuestionFileError(f"{where}: {exc}, or write date: none") from exc
        phrases.append(EventPhrase(item["phrase"], dates))
    return phrases


def named_right(date: PartialDate, given: tuple[PartialDate, ...]) -> bool:
    """Whether an event dated `date` is the one dated `given` (rules above)."""
    return any(
        g.contains(date)
        or (date.contains(g) and date.precision_rank >= g.precision_rank)
        or _days_apart(date, g) <= DAYS_APART
        for g in given
    )


def _days_apart(a: PartialDate, b: PartialDate) -> int:
    if a.day is None or b.day is None or a.month is None or b.month is None:
        return DAYS_APART + 1
    return abs(
        dt.date(a.year, a.month, a.day).toordinal() - dt.date(b.year, b.month, b.day).toordinal()
    )


def evaluate_events(
    phrases: list[EventPhrase], name: Callable[[str], tuple[Fact, float] | None]
) -> EventReport:
    dated = dated_right = untold = declined = 0
    for item in phrases:
        named = name(item.phrase)
        if not item.dates:
            untold += 1
            declined += named is None
            continue
        dated += 1
        date = named[0].date if named else None
        dated_right += date is not None and named_right(date, item.dates)
    return EventReport(dated, dated_right, untold, declined)
