"""When a statement without a date of its own happened: rules of English news writing.

A news article dates its lead event and seldom repeats the date; the sentences after it
are dated by how they are written. Each rule below is one convention, tried in order, and
its reasoning goes into the draft's `date_note`:

- a state in the present tense ("Her latest cause is ...") holds as of the article's date;
- a date given earlier in the paragraph holds for the rest of it;
- words said with "today" or "this afternoon" in them were said on the day the article
  reports, and so was what the same paragraph says about them;
- words said or posted "after X's release" were said between the last date the article
  gave about X and the article's own date;
- a post on social media about the event was posted between the event and the article;
- more words of the same speaker ("she continued", "he added", a quotation alone) were
  said when the words before them were;
- "the interview", "the dinner", "during the meeting": the event of that name the article
  told of before;
- someone named again by an epithet ("the president") that the sentence before told of
  with a date: the story goes on at that date;
- anything else belongs to the event the article reports, or else to its own date.

A span of two dates is written as the finest date that holds both: 17 and 18 April 2023 is
April 2023, June and July 2018 is 2018.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import PartialDate

# The verbs of speaking and posting: a sentence with one of them (outside its quotation)
# reports words said.
SPEECH = (
    r"said|says|added|continued|explained|wrote|told|tweeted|captioned|stated|shared|"
    r"revealed|declared|admitted|posted|recalled|insisted|noted|replied|asked|announced"
)
# Posting on social media: done after what it shows, by the time the article reports it.
POSTED = re.compile(
    r"\b(?:took to (?:his|her|their|its) (?:social media|twitter|instagram|facebook|"
    r"tiktok|x|account)|(?:wrote|posted|shared) (?:\w+ )?(?:on|to) (?:both )?(?:social media|"
    r"twitter|instagram|facebook|tiktok|x|his|her|their))\b",
    re.IGNORECASE,
)
# Words that, in a quotation, say the words were spoken on the day of the event.
SAME_DAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
# Nouns that name an event; "the dinner" refers back to the dinner told of before.
EVENT_NOUNS = (
    "meeting|visit|trip|dinner|lunch|interview|roundtable|ceremony|hearing|tour|rally|"
    "speech|conference|summit|party|trial|event|discussion|call|vote|election|concert|"
    "launch|broadcast|inspection|signing|protest|march|match|game|festival|wedding|funeral|"
    "premiere|show|opening|debate|press conference|briefing|session|appearance"
)
_THE_EVENT = re.compile(rf"\b(?:the|this|that)\s+(?P<noun>{EVENT_NOUNS})\b", re.I)
_SUBJECT_EVENT = re.compile(
    rf"^(?:[^,]{{0,80}},\s*)?(?:the|this|that)\s+(?:\w+\s+)?(?:{EVENT_NOUNS})s?\b", re.I
)
# "after Johnson's release": a named person's event, counted from.
_AFTER_NAMED = re.compile(r"\bafter\s+(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)['’]s\s+\w+")
# The present tense of a main verb; the first finite verb decides the sentence's tense.
_PRESENT = (
    r"is|are|isn['’]t|aren['’]t|has|have|hasn['’]t|haven['’]t|remains|remain|works|lives|"
    r"serves|includes|include|joins|join|leads|runs|owns|holds|believes|feels|says|wants|"
    r"continues|stays|needs|knows|plans"
)
_PAST = (
    r"was|were|wasn['’]t|weren['’]t|had|hadn['’]t|did|didn['’]t|\w+ed|met|went|took|spoke|"
    r"made|said|told|gave|came|began|built|won|held|ran|saw|became|led|left|sent|brought|"
    r"got|wrote|joined|visited|paid|found|felt|thought|knew|heard|kept|put|set|sat|stood|"
    r"began|grew|drew|chose|fought|taught|caught|bought|sold|lost|spent|understood"
)
_FINITE = re.compile(rf"\b(?:(?P<present>{_PRESENT})|(?P<past>{_PAST}))\b", re.I)
# Where the main clause is not: an opening subordinate phrase ("While details of the
# discussion have not been released, ..."), a relative clause between commas or dashes
# (", who has been vocal about it,"), and quotations.
_OPENING_CLAUSE = re.compile(
    r"^(?:while|although|though|as|when|whenever|if|since|because|after|before|until|"
    r"once|despite|ahead of|following|during|in|on|at|according to)\b[^,]{0,120},\s*",
    re.I,
)
_RELATIVE_CLAUSE = re.compile(r"[,—–-]\s*(?:who|which|whose|whom|where)\b[^,—–]*[,—–]")
_QUOTATION = re.compile(r"[\"“][^\"”]*[\"”]")
_SPEECH_VERB = re.compile(rf"\b(?:{SPEECH})\b", re.I)


@dataclass(frozen=True, slots=True)
class Told:
    """A sentence the article has told before, as far as dating the next one needs."""

    text: str
    paragraph: int
    date: PartialDate | None
    own: bool  # the date is in its own words
    named: PartialDate | None  # the date its words give, its own or a clause's ("after ...")
    speech: bool  # it reports words said or posted
    speaker: str | None
    people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What the article has told before the sentence being dated."""

    published: PartialDate | None
    paragraph_number: int
    lead: tuple[PartialDate, str] | None  # the event the article reports, and its phrase
    paragraph: tuple[PartialDate, str] | None  # a date given earlier in this paragraph
    same_day: bool  # this paragraph's quotations say "today" or "this afternoon"
    before: tuple[Told, ...]


def reports_speech(text: str, *, quoted: bool) -> bool:
    """Whether the sentence reports words said or posted."""
    outside = _QUOTATION.sub(" ", text)
    return quoted or bool(_SPEECH_VERB.search(outside) or POSTED.search(outside))


# "after", "before", "since": a clause of another event, whose date is not the sentence's.
_OTHER_EVENT = re.compile(r"\b(?:after|before|since|following)\b", re.I)


def other_event_dates(text: str, starts: list[int]) -> bool:
    """Whether every date at `starts` belongs to another event than the sentence's: the
    sentence is about "the trip" and the dates follow "after" ("The trip also comes after
    she went to the capital at the end of May")."""
    return (
        bool(starts)
        and bool(_SUBJECT_EVENT.match(text))
        and all(_OTHER_EVENT.search(text, 0, start) for start in starts)
    )


def present_state(text: str) -> bool:
    """Whether the main clause is in the present tense and not about an event ("Her latest
    cause is ...", not "The trip is part of ...")."""
    if _SUBJECT_EVENT.match(text):
        return False
    main = _QUOTATION.sub(" ", text)
    main = _OPENING_CLAUSE.sub("", main, count=1)
    main = _RELATIVE_CLAUSE.sub(",", main)
    found = _FINITE.search(main)
    return bool(found and found.group("present"))


def span(first: PartialDate, last: PartialDate) -> PartialDate | None:
    """The finest date that holds both (17 and 18 April 2023: April 2023)."""
    if first.year != last.year:
        return None
    if first.month is None or last.month is None or first.month != last.month:
        return PartialDate(first.year)
    if first.day is not None and first.day == last.day:
        return PartialDate(first.year, first.month, first.day)
    if first.day is None and last.day is None and first.qualifier == last.qualifier:
        return PartialDate(first.year, first.month, None, first.qualifier)
    return PartialDate(first.year, first.month)


@dataclass(frozen=True, slots=True)
class Undated:
    """The sentence to date: its words, who speaks, the people it names (by the names it
    uses, for "after Johnson's release"), and whether it reports words said."""

    text: str
    speaker: str | None
    people: dict[str, str]
    speech: bool
    referred: frozenset[str] = frozenset()  # people named by an epithet ("the president")


Dated = tuple[PartialDate, str] | None
_SAID = "No date in this sentence"


def _present_state(one: Undated, context: Context) -> Dated:
    published = context.published
    if published is None or not present_state(one.text):
        return None
    return published, (
        f"{_SAID}, and it tells a state in the present tense: as of the article's date, "
        f"{published.display()}."
    )


def _this_paragraph(one: Undated, context: Context) -> Dated:
    if context.paragraph is None:
        return None
    date, phrase = context.paragraph
    return date, f'{_SAID}: it belongs to the date this paragraph gives, "{phrase}".'


def _said_today(one: Undated, context: Context) -> Dated:
    event = context.lead
    if not (one.speech and context.same_day and event is not None):
        return None
    return event[0], (
        f'{_SAID}: the words say "today" or "this afternoon", so they were said on the day '
        f'the article reports, "{event[1]}" ({event[0].display()}).'
    )


def _after_named(one: Undated, context: Context) -> Dated:
    after = _AFTER_NAMED.search(one.text)
    published = context.published
    if after is None or published is None:
        return None
    person = one.people.get(after.group("name"))
    dates = [t.named for t in context.before if t.named and person in t.people]
    if person is None or not dates:
        return None
    first = max(dates, key=lambda d: d.sort_key())
    both = span(first, published)
    if both is None:
        return None
    return both, (
        f'{_SAID}: it was "{after.group(0)}", so between the last date the article gave '
        f"about {after.group('name')} ({first.display()}) and the article's own "
        f"({published.display()}): {both.display()}."
    )


def _posted(one: Undated, context: Context) -> Dated:
    event, published = context.lead, context.published
    if event is None or published is None or not POSTED.search(_QUOTATION.sub(" ", one.text)):
        return None
    both = span(event[0], published)
    if both is None:
        return None
    return both, (
        f"{_SAID}: a post about the event, so posted between it ({event[0].display()}) and "
        f"the article ({published.display()}): {both.display()}."
    )


def _same_speaker(one: Undated, context: Context) -> Dated:
    previous = context.before[-1] if context.before else None
    if (
        not one.speech
        or previous is None
        or not previous.speech
        or previous.own
        or previous.date is None
        or previous.paragraph < context.paragraph_number - 1
        or not _continues(one, previous)
    ):
        return None
    return previous.date, (
        f"{_SAID}: more words of the same speaker, said when those before them were "
        f"({previous.date.display()})."
    )


def _continues(one: Undated, previous: Told) -> bool:
    """Whether the words go on from the speaker before: the same speaker, or a quotation
    that names none ("'This has fulfilled my heart ...'" after "she said")."""
    if one.speaker is not None:
        return previous.speaker in (None, one.speaker)
    return one.text.lstrip()[:1] in '"“'


def _the_event(one: Undated, context: Context) -> Dated:
    for mention in _THE_EVENT.finditer(one.text):
        noun = re.compile(rf"\b{mention.group('noun')}\b", re.I)  # one, not "meetings"
        told = next((t for t in reversed(context.before) if noun.search(t.text)), None)
        if told is not None and told.date is not None:
            return told.date, (
                f'{_SAID}: "{mention.group(0)}" is the {mention.group("noun").lower()} told '
                f"of before ({told.date.display()})."
            )
    return None


def _epithet_before(one: Undated, context: Context) -> Dated:
    previous = context.before[-1] if context.before else None
    if (
        one.speech
        or previous is None
        or previous.named is None
        or previous.paragraph < context.paragraph_number - 1
        or not one.referred & set(previous.people)
    ):
        return None
    return previous.named, (
        f"{_SAID}: it names again, by an epithet, someone the sentence before told of on "
        f"{previous.named.display()}, and goes on with that."
    )


def _lead_event(one: Undated, context: Context) -> Dated:
    if context.lead is None:
        return None
    date, phrase = context.lead
    return date, (
        f"{_SAID}: it is taken to belong to the event the article reports, "
        f'"{phrase}" ({date.display()}).'
    )


def _article_date(one: Undated, context: Context) -> Dated:
    if context.published is None:
        return None
    return context.published, f"{_SAID}: the article's own date, {context.published.display()}."


RULES = (
    _present_state,
    _this_paragraph,
    _said_today,
    _after_named,
    _posted,
    _same_speaker,
    _the_event,
    _epithet_before,
    _lead_event,
    _article_date,
)


def date_undated(one: Undated, context: Context) -> tuple[PartialDate | None, str]:
    """The date of a sentence with none of its own, and why: the first rule that applies."""
    for rule in RULES:
        found = rule(one, context)
        if found is not None:
            return found
    return None, f"{_SAID}, and the article has none."
