"""`factbot draft`: candidate facts for every statement of an article worth asking about.

Each statement of the article (`text.statements`) becomes one draft in the fact schema:
its quote is the sentence itself (verbatim by construction, and checked by the loader's
own rule), its text the same sentence made self-contained (pronouns and epithets replaced
by names where that is safe, relative dates by the dates they mean), its people, places and
organisations linked through the entities' aliases, its date resolved (`dates`), and a few
alternate questions generated from its kind and slots (`questions`). `merging` then says
which drafts restate an existing fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.core import Article, FactBase, PartialDate, Topic
from bot.core.normalize import normalize
from bot.curation.dates import DateMention, find_dates
from bot.curation.linking import Linker, Mention
from bot.curation.questions import generate_questions
from bot.curation.text import Sentence, statements
from bot.curation.timing import (
    SAME_DAY,
    Context,
    Told,
    Undated,
    date_undated,
    other_event_dates,
    present_state,
    reports_speech,
)

Proposal = Literal["new", "merge", "conflict"]
_SPEECH = r"(?:said|says|added|continued|explained|wrote|told [\w@]+|tweeted|captioned|stated|shared|revealed|declared)"  # noqa: E501
_QUOTATION = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
_SPEAKER_AFTER = re.compile(
    rf"[,.?!…]\s*[\"”]\s+(?:(?P<verb1>{_SPEECH})\s+)?(?P<who>[^,.\"“”]{{1,60}}?)\s+(?:{_SPEECH})\b"
)
_SPEAKER_BEFORE = re.compile(rf"(?P<who>[^,.\"“”]{{1,60}}?)\s+{_SPEECH}(?:\s+\w+)?[,:]?\s*[\"“]")
# An opening phrase before the subject: "In 2018, she ...", "According to the outlet, she ...".
_LEAD = (
    r"(?:(?:in|on|at|after|before|during|according|while|ahead|over|opening|regarding|"
    r"getting|falling|following|despite|since|with|without|like|as|for|by|later|then|"
    r"meanwhile|earlier)\b[^,\"“”]{0,80},\s*)?"
)
_OPENING = re.compile(_LEAD, re.I)
# A pronoun after any short opening phrase ("Late last year, she ..."): no name comes
# between, so nothing is lost; an epithet only after an opening phrase of the kinds above
# ("Samuel Okafor, the chief engineer, ..." is a name with its title, not an epithet).
_PRONOUN = re.compile(
    rf"^(?P<lead>{_LEAD}|[^,\"“”]{{1,60}},\s+)(?P<p>she|he|they|her|his|their)\b", re.I
)
_EPITHET = re.compile(
    rf"^(?P<lead>{_LEAD})(?P<p>(?:the|this|that)\s+(?:\d+-year-old|"
    r"(?:[\w-]+\s+){0,2}(?:star|stars|mogul|founder|ceo|singer|rapper|actress|actor|"
    r"businesswoman|businessman|entrepreneur|mother|father|sister|sisters|brother|wife|"
    r"husband|engineer|official|mayor|leader|politician|lawyer|activist|advocate|executive|"
    r"director|councillor|spokesperson|celebrity|pair|duo|couple|woman|man)))\b",
    re.I,
)
_PAST = re.compile(
    r"\b(\w+ed|met|went|took|spoke|made|said|told|gave|came|began|built|won|held|ran|saw|"
    r"became|led|left|sent|brought|got|wrote|joined|visited|was|were|had)\b",
    re.I,
)


@dataclass
class Draft:
    """One candidate fact and what the curator needs to judge it."""

    record: dict[str, Any]  # the fact, in the fact schema
    sentence: Sentence
    date: PartialDate | None = None
    unresolved: list[str] = field(default_factory=list)
    date_carried: bool = False  # the date is the paragraph's or the article's, not its own
    mentioned: list[PartialDate] = field(default_factory=list)  # other events' ("after ...")
    state: bool = False  # a state as of the article ("Her latest cause is ..."), no event
    proposal: Proposal = "new"
    into: str | None = None  # the existing fact a merge or conflict proposal is about
    similarity: float = 0.0

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def text(self) -> str:
        return str(self.record["text"])


@dataclass
class ArticleDrafts:
    """Every draft of one article and the entities it proposes."""

    article: Article
    drafts: list[Draft]
    linker: Linker

    @property
    def proposed_entities(self) -> dict[str, list[dict[str, Any]]]:
        """The proposals drafts refer to, in entities.yaml's shape."""
        used = {
            ref
            for d in self.drafts
            for key in ("people", "places", "organisations")
            for ref in d.record.get(key, [])
        } | {d.record["said_by"] for d in self.drafts if d.record.get("said_by")}
        sections: dict[str, list[dict[str, Any]]] = {}
        section_of = {"person": "people", "place": "places", "organisation": "organisations"}
        for proposal in self.linker.proposals.values():
            if proposal.id not in used:
                continue
            entry: dict[str, Any] = {"id": proposal.id, "name": proposal.name}
            if proposal.aliases:
                entry["aliases"] = list(proposal.aliases)
            entry["description"] = f"Proposed from {self.article.id}: {proposal.seen_in}"
            sections.setdefault(section_of[proposal.kind], []).append(entry)
        return sections


def draft_article(base: FactBase, article: Article) -> ArticleDrafts:
    """Drafts for `article` (which `base` lists), without merge proposals (`merging`)."""
    linker = Linker(base.entities.values())
    taken = {f.id for f in base.facts}
    drafts: list[Draft] = []
    previous_subject: list[str] = []
    previous_people: list[str] = []
    last_speaker: tuple[int, str] | None = None
    last_date: PartialDate | None = None
    lead_date = _lead_date(article)
    main = _main_person(article, linker)
    paragraph_date: tuple[int, DateMention] | None = None
    told: list[Told] = []
    # Paragraphs whose quotations say "today": their words were said on the event's day.
    said_today = {
        s.paragraph
        for s in statements(article.text)
        if any(SAME_DAY.search(q.group(0)) for q in _QUOTATION.finditer(s.text))
    }
    for sentence in statements(article.text):
        text = sentence.text
        known = linker.link(text)
        mentions = known + linker.propose(text, known)
        people = _ids(mentions, "person")
        replacements: list[tuple[int, int, str]] = []
        unresolved: list[str] = []
        # The subject: a pronoun or epithet opening the sentence (after an opening phrase).
        subject = _subject(text, mentions)
        subject_ids: list[str] = []
        if subject is not None:
            start, end, word, known_id = subject
            if known_id:
                subject_ids = [known_id]
                replacements.append((start, end, linker.name_of(known_id)))
            else:
                subject_ids = _antecedent(word, previous_subject, previous_people, main)
                if subject_ids:
                    replacements.append((start, end, _refer(word, subject_ids, linker)))
                else:
                    unresolved.append(
                        f'"{word}" at the start could not be resolved safely to one name'
                    )
        elif any(m.kind == "person" and not _quoted(text, m.start) for m in mentions):
            mentions_outside = [m for m in mentions if not _quoted(text, m.start)]
            after = _opening_phrase_end(text)
            first = next(
                (m for m in mentions_outside if m.kind == "person" and m.start >= after),
                next(m for m in mentions_outside if m.kind == "person"),
            )
            subject_ids = [first.entity]
            # "Kim and her sister Khloé visited": a subject of two, joined by "and".
            rest = [m for m in mentions_outside if m.kind == "person" and m.start > first.end]
            if rest and re.fullmatch(
                r"\s+and\s+(?:her|his|their)?\s*\w*\s*", text[first.end : rest[0].start]
            ):
                subject_ids.append(rest[0].entity)
            if first.start == after and " " not in first.alias:  # "Kardashian said" -> full name
                replacements.append((first.start, first.end, linker.name_of(first.entity)))
        # Epithets used elsewhere in the sentence ("met with the American leader").
        for m in known:
            if (
                m.kind == "person"
                and m.alias[:4].lower() == "the "
                and not any(s <= m.start < e for s, e, _ in replacements)
            ):
                replacements.append((m.start, m.end, linker.name_of(m.entity)))
        # Who speaks, when the sentence quotes someone.
        said_by = None
        if _QUOTATION.search(text):
            said_by, speaker_span = _speaker(text, mentions, subject_ids, previous_subject)
            if (
                said_by is None
                and last_speaker
                and last_speaker[0] == sentence.paragraph
                and text.lstrip()[:1] in '"“'
                and not re.search(_SPEECH, text)
            ):
                said_by = last_speaker[1]
            if (
                speaker_span
                and said_by
                and not any(s <= speaker_span[0] < e for s, e, _ in replacements)
            ):
                replacements.append((*speaker_span, linker.name_of(said_by)))
            if said_by and said_by not in linker.entities and said_by not in linker.proposals:
                said_by = None
            if said_by and _kind_of(said_by, linker) != "person":
                said_by = None
        if said_by:
            last_speaker = (sentence.paragraph, said_by)
        # Dates.
        found = [
            m
            for m in find_dates(text, article.published, last_date)
            if not (m.relative and _quoted(text, m.start))  # "today" in a quote: when said
        ]
        dated = [m for m in found if m.date is not None]
        mentioned: list[PartialDate] = []
        if other_event_dates(text, [m.start for m in dated]):
            # "The trip comes after she went ... at the end of May": May is another event's.
            mentioned = [m.date for m in dated if m.date is not None]
            dated = []
            found = [m for m in found if m.date is None]
        date_note = " ".join(m.note for m in found) or None
        date: PartialDate | None = dated[0].date if dated else None
        if date is None and last_date is not None and last_date.precision == "day":
            weekday = last_date.weekday() or ""
            same_day = next((m for m in found if m.phrase.endswith(weekday)), None)
            if same_day is None:
                same_day = next((m for m in found if weekday in m.phrase.split()), None)
            if same_day is not None:
                date = last_date
                date_note = (
                    f'The article says "{same_day.phrase}": the {weekday} it has just named, '
                    f"{last_date.display()}."
                )
        for when in found:
            if when.date is not None and when.relative:
                replacements.append((when.start, when.end, _date_words(when, text[: when.start])))
        past = bool(_PAST.search(_outside_quotes(text)))
        speech = reports_speech(text, quoted=bool(_QUOTATION.search(text)))
        # No date of its own (or only one counted from an event the article has not
        # dated): dated by how news is written (`timing`).
        carried = date is None and all(m.date is None and m.relative for m in found)
        if carried:
            context = Context(
                published=article.published,
                paragraph_number=sentence.paragraph,
                lead=_told(lead_date),
                paragraph=_told(paragraph_date[1])
                if paragraph_date and paragraph_date[0] == sentence.paragraph
                else None,
                same_day=sentence.paragraph in said_today,
                before=tuple(told),
            )
            names = {text[m.start : m.end]: m.entity for m in mentions if m.kind == "person"}
            epithets = frozenset(
                m.entity for m in known if m.kind == "person" and m.alias.lower().startswith("the ")
            )
            date, why = date_undated(Undated(text, said_by, names, speech, epithets), context)
            if mentioned:
                why += (
                    f" The {mentioned[0].display()} it names is that of another event, the one "
                    "after which it comes."
                )
            date_note = " ".join(n for n in (date_note, why) if n)
        if dated:
            last_date = dated[0].date
            paragraph_date = (sentence.paragraph, dated[0])
        elif mentioned:
            last_date = mentioned[0]
        kind = "quote" if said_by else ("event" if date is not None or past else "background")
        record: dict[str, Any] = {
            "id": _unique_id(article.id, text, taken),
            "kind": kind,
            "text": _apply(text, replacements),
        }
        if date is not None:
            record["date"] = date.iso()
            if date.qualifier:
                record["date_qualifier"] = date.qualifier
        if date_note:
            record["date_note"] = date_note
        for key, kind_name in (
            ("people", "person"),
            ("places", "place"),
            ("organisations", "organisation"),
        ):
            ids = _ids(mentions, kind_name)
            if key == "people":
                ids = list(dict.fromkeys([*subject_ids, *ids]))
            if ids:
                record[key] = ids
        tags = _topics(text, base.topics.values())
        if tags:
            record["tags"] = tags
        if said_by:
            record["said_by"] = said_by
        record["sources"] = [{"article": article.id, "quote": text}]
        if unresolved:
            record["notes"] = "Draft: " + "; ".join(unresolved) + "."
        draft = Draft(
            record,
            sentence,
            date,
            unresolved,
            date_carried=carried,
            mentioned=mentioned,
            state=carried and present_state(text),
        )
        told.append(
            Told(
                text,
                sentence.paragraph,
                date,
                own=not carried and date is not None,
                named=(mentioned[0] if mentioned else None) if carried else date,
                speech=speech,
                speaker=said_by,
                people=tuple(dict.fromkeys([*subject_ids, *people])),
            )
        )
        record["questions"] = generate_questions(record, date, linker.name_of)
        drafts.append(draft)
        previous_people = people or previous_people
        previous_subject = subject_ids or previous_subject
    return ArticleDrafts(article, drafts, linker)


def _lead_date(article: Article) -> DateMention | None:
    """The event the article reports: its first exact date outside quotations."""
    for sentence in statements(article.text):
        for mention in find_dates(sentence.text, article.published):
            if (
                mention.date is not None
                and mention.date.precision == "day"
                and not _quoted(sentence.text, mention.start)
            ):
                return mention
    return None


def _told(mention: DateMention | None) -> tuple[PartialDate, str] | None:
    if mention is None or mention.date is None:
        return None
    return mention.date, mention.phrase


def _ids(mentions: list[Mention], kind: str) -> list[str]:
    return list(dict.fromkeys(m.entity for m in mentions if m.kind == kind))


def _kind_of(entity_id: str, linker: Linker) -> str:
    if entity_id in linker.entities:
        return linker.entities[entity_id].kind
    return linker.proposals[entity_id].kind


def _subject(text: str, mentions: list[Mention]) -> tuple[int, int, str, str | None] | None:
    """A pronoun or epithet opening the sentence (perhaps after "In 2018, "): its span, its
    words and, for an epithet the entities know ("the reality star"), whose it is."""
    for pattern in (_PRONOUN, _EPITHET):
        match = pattern.match(text)
        if match is None:
            continue
        start, end = match.span("p")
        known = next(
            (m.entity for m in mentions if m.start <= start < m.end and m.kind == "person"), None
        )
        if known is None:
            known = next((m.entity for m in mentions if m.start == start), None)
        end = max([end, *(m.end for m in mentions if m.start == start)])
        return start, end, match.group("p"), known
    return None


def _main_person(article: Article, linker: Linker) -> str | None:
    """The person the article is about: the one its sentences name most (None on a tie)."""
    counts: dict[str, int] = {}
    for sentence in statements(article.text):
        for mention in linker.link(sentence.text):
            if mention.kind == "person":
                counts[mention.entity] = counts.get(mention.entity, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _antecedent(
    word: str, subject: list[str], people: list[str], main: str | None = None
) -> list[str]:
    """Whom a pronoun means, only when that is safe: the previous sentence's subject, or the
    only person it named ("they" needs two or more); of a subject of two ("Kim and Kamala
    discussed ... In 2018, she ..."), the one the article is about."""
    plural = word.lower() in ("they", "their")
    if word.lower().startswith(("the ", "this ", "that ")):
        # An epithet the entities do not know names nobody for sure ("the 37-year-old");
        # a plural one ("the sisters", "the stars") may stand for the two or more people
        # the previous sentence was about, and only for them.
        if not re.search(r"(?:s|pair|duo|couple)$", word.lower()) or len(subject) < 2:  # noqa: PLR2004
            return []
        return subject
    for candidates in (subject, people):
        if plural and len(candidates) >= 2:  # noqa: PLR2004
            return candidates
        if not plural and len(candidates) == 1:
            return candidates
        if not plural and main in candidates and candidates is subject:
            return [main]
    return []


def _refer(word: str, ids: list[str], linker: Linker) -> str:
    names = [linker.name_of(i) for i in ids]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined}'s" if word.lower() in ("her", "his", "their") else joined


def _speaker(
    text: str, mentions: list[Mention], subject: list[str], previous: list[str]
) -> tuple[str | None, tuple[int, int] | None]:
    """Who is quoted: the name or pronoun beside the speech verb."""
    for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE):
        for match in pattern.finditer(text):
            start, end = match.span("who")
            named = [m for m in mentions if start <= m.start < end and m.kind == "person"]
            if named:
                last = named[-1]
                return last.entity, (None if " " in last.alias else (last.start, last.end))
            who = match.group("who").strip().lower()
            if who in ("she", "he"):
                ids = subject or previous
                if len(ids) == 1:
                    span_start = start + match.group("who").lower().index(who)
                    return ids[0], (span_start, span_start + len(who))
    return None, None


def _opening_phrase_end(text: str) -> int:
    """Where the sentence proper starts after an opening phrase ("In 2018, ")."""
    match = _OPENING.match(text)
    return match.end() if match else 0


def _quoted(text: str, position: int) -> bool:
    """Whether `position` lies inside a quotation of `text`."""
    return any(m.start() <= position < m.end() for m in _QUOTATION.finditer(text))


def _outside_quotes(text: str) -> str:
    return _QUOTATION.sub(" ", text)


def _date_words(mention: DateMention, before: str) -> str:
    """A relative date phrase replaced by the date it means ("this past Monday" -> "on
    Monday, 17 April 2023"), keeping its leading preposition."""
    lead = re.match(r"(?i)(on|in|since|by|this past|last|this|of)\s+", mention.phrase)
    date = mention.date
    assert date is not None
    words = mention.display
    if lead and lead.group(1).lower() in ("on", "in", "since", "by", "of"):
        return f"{lead.group(1)} {words}"
    if re.search(r"(?i)\b(on|in|at|by|since|of|from|until)\s*$", before):
        return words
    if date.precision == "day":
        return f"on {words}"
    return f"in {words}"


def _apply(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """`text` with non-overlapping spans replaced, first one kept where two overlap."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, new in sorted(replacements):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, new))
    out = text
    for start, end, words in reversed(chosen):
        opening = start == 0 or text[:start].rstrip().endswith((".", '"', "“"))
        out = out[:start] + (words[:1].upper() + words[1:] if opening else words) + out[end:]
    return " ".join(out.split())


def _topics(text: str, topics: Any) -> list[str]:
    folded = f" {normalize(text)} "
    found = []
    for topic in topics:
        assert isinstance(topic, Topic)
        names = (topic.label, *topic.aliases)
        if any(f" {normalize(n)} " in folded for n in names if normalize(n)):
            found.append(topic.id)
    return found


def _unique_id(article_id: str, text: str, taken: set[str]) -> str:
    words = [w for w in normalize(text).split() if len(w) > 3][:3]  # noqa: PLR2004
    stem = "-".join([article_id, *words])[:60].strip("-")
    ident, n = stem, 2
    while ident in taken:
        ident, n = f"{stem}-{n}", n + 1
    taken.add(ident)
    return ident
