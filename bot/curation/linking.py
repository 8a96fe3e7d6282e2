"""People, places and organisations in a sentence, by the fact base's names and aliases.

Aliases are matched as whole words, case-insensitively, except one-word aliases written
with a capital ("Rare", "Alice"), which must be capitalised in the text too: "a rare visit"
is not the outlet. Capitalised names the entity list lacks are proposed as new entities,
with a kind guessed from English cues ("Energy", "County", "Mayor").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core import Entity
from bot.core.models import EntityKind

MIN_NAME = 3  # characters of a one-word name worth proposing
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
TITLES = (
    "Vice President|President|Mayor|Deputy Mayor|Councillor|Councilor|Senator|Governor|"
    "Representative|Rep\\.|Sen\\.|Gov\\.|Dr\\.|Mr\\.|Mrs\\.|Ms\\.|Judge|Justice|Chief|"
    "Assembly member|Assemblymember|Director|Secretary|Commissioner|Sheriff|Officer|Rapper|"
    "Singer|Actor|Actress|rapper|singer|actor|actress|influencer|influencers"
)
_TITLE = re.compile(rf"^(?:{TITLES})\s+")
_NAME = re.compile(
    r"\b[A-Z][\w'’.-]*[\w](?:\s+(?:of|for|de|van|von|the|and)?\s*[A-Z][\w'’.-]*[\w])*"
)
_ORGANISATION = re.compile(
    r"\b(Energy|Alliance|Council|Company|Corporation|Corp|Inc|Ltd|Foundation|Association|"
    r"University|College|School|Department|Party|Court|Times|News|Post|Magazine|Agency|"
    r"Institute|Bank|Group|Society|Union|Committee|Board|Network|Project|Trust|Club)\b"
)
_PLACE = re.compile(
    r"\b(Reservoir|County|City|Town|Village|Prison|Lake|River|Street|Road|Avenue|Park|Hall|"
    r"Station|Institution|Island|Valley|Bay|Beach|Mountain|Bridge|Square|Airport|Harbour|"
    r"Harbor|State|Province|House|Center|Centre|Hospital|Stadium)\b"
)
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|from|based in|outside|town of|city of|village of)\s+$", re.I
)
# Capitalised words that start sentences or name times, never things to link.
_NOT_NAMES = frozenset(
    "the a an in on at of for and but or so to as by from with after before during while "
    "when where what who why how this that these those it its he she they we i you his her "
    "their our my your there here then today tonight yesterday according regarding many "
    "some several one two three four five six seven eight nine ten first last over under "
    "opening getting falling ahead monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "mr mrs ms dr late early mid also like no yes ok okay great thank thanks because".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in a sentence: where, by which of its names."""

    entity: str
    kind: EntityKind
    start: int
    end: int
    alias: str


@dataclass
class Proposal:
    """A name the entity list lacks, proposed as a new entity."""

    id: str
    kind: EntityKind
    name: str
    aliases: list[str] = field(default_factory=list)
    seen_in: str = ""


class Linker:
    """Finds known entities by their names and proposes unknown names as new ones."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        self.proposals: dict[str, Proposal] = {}
        self._compile()

    def _compile(self) -> None:
        by_name: dict[str, tuple[str, EntityKind]] = {}
        for entity in self.entities.values():
            for name in entity.names:
                by_name.setdefault(name.translate(_STRAIGHT), (entity.id, entity.kind))
        for proposal in self.proposals.values():
            for name in (proposal.name, *proposal.aliases):
                by_name.setdefault(name, (proposal.id, proposal.kind))
        self._names = by_name
        parts = sorted(by_name, key=len, reverse=True)
        sensitive = [n for n in parts if " " not in n and n[:1].isupper()]
        insensitive = [n for n in parts if n not in set(sensitive)]
        self._sensitive = _alternation(sensitive, flags=0)
        self._insensitive = _alternation(insensitive, flags=re.IGNORECASE)
        self._lower = {n.lower(): v for n, v in by_name.items()}

    def link(self, sentence: str) -> list[Mention]:
        """Known entities named in `sentence`, left to right, longest name first."""
        text = sentence.translate(_STRAIGHT)
        found: list[Mention] = []
        for pattern in (self._insensitive, self._sensitive):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(start < m.end and m.start < end for m in found):
                    continue
                entity, kind = self._lower[match.group(0).lower()]
                found.append(Mention(entity, kind, start, end, match.group(0)))
        return sorted(found, key=lambda m: m.start)

    def propose(self, sentence: str, known: list[Mention]) -> list[Mention]:
        """Capitalised names in `sentence` that no entity has: each becomes (or joins) a
        proposal, and is returned as a mention of it."""
        text = sentence.translate(_STRAIGHT)
        added: list[Mention] = []
        for match in _NAME.finditer(text):
            start, _end = match.span()
            words = match.group(0).split()
            while words and words[0].lower().rstrip(".") in _NOT_NAMES:
                start += len(words[0]) + 1
                words = words[1:]
            name = " ".join(words).rstrip("'’s").rstrip("'’")
            if not words or any(start < m.end and m.start < start + len(name) for m in known):
                continue
            if len(words) == 1 and (start == 0 or len(name) < MIN_NAME or name.isupper()):
                continue  # a sentence's first word, or an acronym: too unsure to propose
            kind = _guess_kind(name, text[:start])
            if kind is None:
                continue
            title = _TITLE.match(name)
            bare = name[title.end() :] if title else name
            proposal = self._proposal_for(bare, kind, sentence)
            if title:
                self._add_alias(proposal, name)
            added.append(Mention(proposal.id, proposal.kind, start, start + len(name), name))
        if added:
            self._compile()
        return added

    def _proposal_for(self, name: str, kind: EntityKind, sentence: str) -> Proposal:
        for proposal in self.proposals.values():
            if name == proposal.name or name in proposal.aliases:
                return proposal
        ident = _slug(name)
        while ident in self.entities or ident in self.proposals:
            ident += "-2"
        proposal = Proposal(ident, kind, name, seen_in=sentence)
        if kind == "person" and " " in name:
            self._add_alias(proposal, name.rsplit(maxsplit=1)[-1])  # "Carrow said" is Edith Carrow
        self.proposals[ident] = proposal
        return proposal

    def _add_alias(self, proposal: Proposal, alias: str) -> None:
        taken = alias.lower() in self._lower or any(
            alias in (p.name, *p.aliases) for p in self.proposals.values()
        )
        if not taken and alias != proposal.name:
            proposal.aliases.append(alias)

    def name_of(self, entity_id: str) -> str:
        """An entity's canonical name (a proposal's too)."""
        if entity_id in self.entities:
            return self.entities[entity_id].name
        return self.proposals[entity_id].name


def _guess_kind(name: str, before: str) -> EntityKind | None:
    if _ORGANISATION.search(name):
        return "organisation"
    if _PLACE.search(name) or _PLACE_CUE.search(before):
        return "place"
    words = name.split()
    if _TITLE.match(name) or 2 <= len(words) <= 3:  # noqa: PLR2004
        return "person"
    return None


def _alternation(names: list[str], *, flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    body = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w@])(?:{body})(?![\w])", flags)


def _slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "entity"
