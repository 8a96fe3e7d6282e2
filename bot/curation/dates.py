"""Dates in an article's sentences, resolved against the article's own date.

A phrase is found by its English shape (a weekday, a month and day, "late last year",
"in the 1990s") and resolved with dateparser relative to the publication date, so "this
past Monday" in an article of Tuesday 18 April 2023 is 17 April 2023. The precision is the
phrase's own ("in April" is a month, never a day), and the reasoning goes into the fact's
`date_note`. A phrase that counts from another event ("a week after the meeting") is not
guessed: it is reported, for the curator to settle.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.core import PartialDate
from bot.core.models import Qualifier

_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|"
    r"Jul(?:y|\.)?|Aug(?:ust|\.)?|Sep(?:t|tember|\.)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_QUALIFIER = r"(?:(?P<qualifier>early|mid|late|the end of|the start of|the beginning of)[\s-]+)?"
# Most specific first: the first pattern that matches a stretch of text owns it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("weekday-date", rf"\b{_WEEKDAY},?\s*\(?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?\)?"),
        ("that-year", rf"\b(?:in\s+)?{_QUALIFIER}{_MONTH}\s+of\s+that\s+year\b"),
        ("date", rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:percent|%))"),
        ("date", rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"),
        ("month-year", rf"\b{_QUALIFIER}{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b"),
        ("relative-year", rf"\b{_QUALIFIER}(?P<which>last|this|next) year\b"),
        ("decade", r"\b(?:in )?the (?P<decade>(?:19|20)\d0)s\b"),
        (
            "year",
            rf"\b(?P<qualifier>early|mid|late|the end of|the start of|the beginning of)"
            rf"[\s-]+{_YEAR}\b",
        ),
        ("year", rf"\b(?:in|since|by|of|from|during|until|for)\s+{_QUALIFIER}{_YEAR}\b"),
        ("year", rf"\b{_QUALIFIER}{_YEAR}\b(?![\s,]*(?:percent|%|people|\d))"),
        ("weekday", rf"\b(?:(?:this past|last|this|on|early|late)\s+)?{_WEEKDAY}\b"),
        ("month", rf"\b(?:(?:this past|last|this|in|since|of|by)\s+)?{_QUALIFIER}{_MONTH}\b"),
        ("relative-day", r"\b(?P<rel>(?-i:[Yy]esterday|[Tt]oday|[Tt]onight|this morning))\b"),
        (
            "relative-event",
            r"\b(?:(?:over|about|nearly|almost|more than|some)\s+)?(?:(?P<count>a|one|two|three|"
            r"four|five|six|seven|eight|nine|ten|several|a few)\s+(?P<unit>day|week|month|year)s?"
            r"\s+(?P<way>after|before|later|earlier)|(?:the )?(?P<unit1>day|week|month|year) "
            r"(?P<way1>after|before))\b[^,.;]*",
        ),
    )
)
_QUALIFIERS: dict[str, Qualifier] = {
    "early": "early",
    "the start of": "early",
    "the beginning of": "early",
    "mid": "mid",
    "late": "late",
    "the end of": "late",
}
# "May" and "March" are words too: as a month alone they need a cue before them.
_AMBIGUOUS_MONTHS = {"may", "mar", "march", "jan", "jun", "jul", "aug", "sep", "sept", "oct"}
_MONTH_CUE = re.compile(r"(this past|last|this|in|since|of|by|early|mid|late|end of)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in a sentence: where, what it says, and what it resolved to."""

    start: int
    end: int
    phrase: str
    date: PartialDate | None
    note: str
    relative: bool  # the phrase needed the article's date (or another event) to resolve

    @property
    def display(self) -> str:
        """How the resolved date reads in a self-contained sentence."""
        if self.date is None:
            return self.phrase
        weekday = self.date.weekday()
        return f"{weekday}, {self.date.display()}" if weekday else self.date.display()


def find_dates(
    sentence: str, published: PartialDate | None, previous: PartialDate | None = None
) -> list[DateMention]:
    """Every date phrase of `sentence`, left to right, resolved where that is safe;
    `previous` is the article's last date before it ("in December of that year")."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if kind == "month" and not _month_alone_ok(sentence, match):
                continue
            if kind == "relative-day" and _in_a_name(sentence, match):
                continue
            mention = _resolve(kind, match, published, previous)
            if mention is None:
                continue
            taken.append((start, end))
            found.append(mention)
    return sorted(found, key=lambda m: m.start)


# A capitalised word before a capitalised "Today" makes it a name ("per USA Today").
_NAME_BEFORE = re.compile(r"\b[A-Z][\w&'’-]*\s+$")


def _in_a_name(sentence: str, match: re.Match[str]) -> bool:
    return match.group(0)[0].isupper() and bool(_NAME_BEFORE.search(sentence[: match.start()]))


def _month_alone_ok(sentence: str, match: re.Match[str]) -> bool:
    word = match.group("month").lower().rstrip(".")
    if match.group(0).lower().rstrip(".") != word:
        return True  # it came with a cue ("in May", "this past February")
    if word in _AMBIGUOUS_MONTHS:
        return bool(_MONTH_CUE.search(sentence[: match.start()]))
    return match.group("month")[0].isupper()


def _resolve(
    kind: str, match: re.Match[str], published: PartialDate | None, previous: PartialDate | None
) -> DateMention | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    phrase = match.group(0).strip()
    start, end = match.start(), match.start() + len(phrase)
    base = _anchor(published)
    qualifier = _QUALIFIERS.get(groups.get("qualifier", "").lower())
    said = f'The article says "{phrase}"'
    if kind in ("date", "weekday-date"):
        month = _month_number(groups["month"])
        day = int(groups["day"])
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return None
        if "year" in groups:
            year, how = int(groups["year"]), ""
        elif base is not None:
            year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
            how = f" without a year; the article is from {published.display() if published else year}, so {year}"  # noqa: E501
        else:
            return DateMention(start, end, phrase, None, f"{said} without a year.", True)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        note = f"{said}{how}."
        if "weekday" in groups:
            named = groups["weekday"].capitalize()
            actual = calendar.day_name[date.weekday()]
            if actual != named:
                nearest = _nearest_weekday(date, named)
                taken = PartialDate(nearest.year, nearest.month, nearest.day).display()
                note += (
                    f" {PartialDate(year, month, date.day).display()} was a {actual}, not a "
                    f"{named}: the {named} nearest it, {taken}, is taken; the sources "
                    "disagree with the calendar"
                )
                date = nearest
            else:
                note += f" {PartialDate(year, month, date.day).display()} was a {actual}."
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(date.year, date.month, date.day),
            note,
            "year" not in groups,
        )
    if kind == "that-year":
        if previous is None:
            return DateMention(start, end, phrase, None, f"{said}, and no year precedes it.", True)
        month = _month_number(groups["month"])
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(previous.year, month, None, qualifier),
            f"{said}; the year before it in the article is {previous.year}.",
            True,
        )
    if kind == "month-year":
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(int(groups["year"]), _month_number(groups["month"]), None, qualifier),
            f"{said}.",
            False,
        )
    if kind == "year":
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(int(groups["year"]), None, None, qualifier),
            f"{said}.",
            False,
        )
    if kind == "decade":
        return DateMention(
            start,
            end,
            phrase,
            None,
            f"{said}: a decade, finer than no date and coarser than a year, so the fact is left "
            "undated",
            False,
        )
    if kind == "relative-event":
        return _counted(groups, phrase, (start, end), previous, said)
    if base is None or published is None:
        return DateMention(start, end, phrase, None, f"{said}, and the article has no date.", True)
    if kind == "relative-year":
        offset = {"last": -1, "this": 0, "next": 1}[groups["which"].lower()]
        year = base.year + offset
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(year, None, None, qualifier),
            f"{said}; the article is from {published.display()}, so {year}.",
            True,
        )
    if kind == "month":
        month = _month_number(groups["month"])
        year = base.year if month <= base.month else base.year - 1
        return DateMention(
            start,
            end,
            phrase,
            PartialDate(year, month, None, qualifier),
            f"{said}; the article is from {published.display()}, so "
            f"{calendar.month_name[month]} {year}.",
            True,
        )
    if published.precision != "day":
        return DateMention(
            start,
            end,
            phrase,
            None,
            f"{said}, but the article is dated only to {published.display()}: the day cannot be "
            "worked out",
            True,
        )
    parsed = _parse(phrase.lower().replace("this past", "last").replace("on ", ""), base)
    if parsed is None:
        return None
    resolved = PartialDate(parsed.year, parsed.month, parsed.day)
    return DateMention(
        start,
        end,
        phrase,
        resolved,
        f"{said} in an article dated {calendar.day_name[base.weekday()]}, {published.display()}: "
        f"{resolved.weekday()}, {resolved.display()}.",
        True,
    )


# "A week after the meeting": how many of what, counted from the date the article gave last.
_COUNTS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# Words before a count that make it a bound or a guess ("over four years after"): the
# phrase then says when it was not, so no date is taken from it.
_HEDGES = ("over", "more than", "nearly", "almost", "some")
# The finest precision a count of each unit can give: "a week after" a day is only the
# part of a month it falls in (early/mid/late), "a year after" only a year.
_UNIT_PRECISION = {"day": 3, "week": 2, "month": 1, "year": 0}
_PRECISION_NAMES = ("a year", "a month", "a part of a month", "a day")
# The day a qualified month stands for when it is counted from ("late May" + a week).
_QUALIFIER_DAY = {None: 15, "early": 5, "mid": 15, "late": 25}


def _counted(
    groups: dict[str, str],
    phrase: str,
    span: tuple[int, int],
    previous: PartialDate | None,
    said: str,
) -> DateMention:
    """ "A week after the meeting": the date the article gave last, counted on; at the
    coarser of the unit's precision and that date's own."""
    start, end = span
    words = phrase.lower()
    count = _COUNTS.get(groups.get("count", "a").lower())
    unit = (groups.get("unit") or groups.get("unit1") or "").lower()
    way = (groups.get("way") or groups.get("way1") or "").lower()
    if previous is None or count is None or words.startswith(_HEDGES):
        reason = (
            "counting from an event the article has not dated before it"
            if previous is None
            else "a bound or a guess, not a date"
        )
        return DateMention(
            start, end, phrase, None, f"{said}, {reason}: set the date from that event's fact", True
        )
    sign = -1 if way in ("before", "earlier") else 1
    # The stretch the last date covers (a qualified month stands for its part's middle day),
    # moved by the count; the result is what both ends of the stretch agree on.
    if previous.month is None:
        first, last = dt.date(previous.year, 1, 1), dt.date(previous.year, 12, 31)
    elif previous.day is not None:
        first = last = dt.date(previous.year, previous.month, previous.day)
    elif previous.qualifier is not None:
        first = last = dt.date(previous.year, previous.month, _QUALIFIER_DAY[previous.qualifier])
    else:
        days = calendar.monthrange(previous.year, previous.month)[1]
        first, last = (dt.date(previous.year, previous.month, d) for d in (1, days))
    first, last = (_moved(d, sign * count, unit) for d in (first, last))
    precision = min(_UNIT_PRECISION[unit], _shared_precision(first, last))
    if previous.qualifier is not None:
        precision = min(precision, 2)  # a qualified month is no finer than its part
    if precision < 0:
        return DateMention(
            start,
            end,
            phrase,
            None,
            f"{said}, counting from {previous.display()}: that falls in two years, so no date",
            True,
        )
    if precision == 3:  # noqa: PLR2004
        date = PartialDate(first.year, first.month, first.day)
    elif precision == 2:  # noqa: PLR2004
        date = PartialDate(first.year, first.month, None, _part(first))
    elif precision == 1:
        date = PartialDate(first.year, first.month)
    else:
        date = PartialDate(first.year)
    note = (
        f"{said}, counting from the date the article gave last, {previous.display()}, taken "
        f"to be that event's: {date.display()} (no finer than {_PRECISION_NAMES[precision]})."
    )
    return DateMention(start, end, phrase, date, note, True)


def _moved(day: dt.date, count: int, unit: str) -> dt.date:
    if unit in ("day", "week"):
        return day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = day.year * 12 + day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _part(day: dt.date) -> Qualifier:
    return "early" if day.day <= 10 else "mid" if day.day <= 20 else "late"  # noqa: PLR2004


def _shared_precision(first: dt.date, last: dt.date) -> int:
    """How finely two days agree: 3 the same day, 2 the same part of a month, 1 the same
    month, 0 the same year, -1 not even that."""
    if first.year != last.year:
        return -1
    if first.month != last.month:
        return 0
    if first.day != last.day:
        return 2 if _part(first) == _part(last) else 1
    return 3


def _anchor(published: PartialDate | None) -> dt.date | None:
    """The latest day the article can be from: its date, or the end of its month or year."""
    if published is None:
        return None
    month = published.month or 12
    day = published.day or calendar.monthrange(published.year, month)[1]
    return dt.date(published.year, month, day)


def _month_number(word: str) -> int:
    key = word.lower().rstrip(".")[:3]
    return [m.lower() for m in calendar.month_abbr].index(key)


def _nearest_weekday(date: dt.date, weekday: str) -> dt.date:
    target = list(calendar.day_name).index(weekday)
    options = [date + dt.timedelta(days=d) for d in range(-3, 4)]
    return min((o for o in options if o.weekday() == target), key=lambda o: abs((o - date).days))


@lru_cache(maxsize=1024)
def _parse(phrase: str, base: dt.date) -> dt.date | None:
    """dateparser on a relative phrase ("last monday", "yesterday"), never after `base`."""
    import dateparser  # imported on first use: its language data takes a second to load

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
    }
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
