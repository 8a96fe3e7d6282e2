"""Which reading of a follow-up to answer: a small fitted model, not the loudest reading.

A follow-up is rewritten several ways (`conversation.readings_of`), each is asked, and one
reply is given. The matcher's confidence alone is a poor judge between them: a reading that
carries the last turn's words is sure of the last turn's fact, whether or not the member
moved on. So each reading is described by what it is (its kind), what the matcher made of
it (its confidence, whether it answers) and how its answer relates to the last one (the
same fact, or one about the same story), how it stands against the other readings (more
confident than the rest, than the follow-up as asked) and how the follow-up is put ("when
was that?" leans on the last turn, "what did the mayor say?" perhaps not), and boosted
trees fitted on the team's follow-up conversations (`make train`:
`bot/tools/train_readings.py`) weigh them together; the reading they deem likeliest to be
answered right wins. A reading's answer that lacks the
follow-up's own words ("how high is the wall?" answered with the dam, not the wall) is
weighed too: the words of the last turn a reading carries make the matcher sure of the
last turn's story whether or not the follow-up asked about it. The trees are a JSON file
evaluated with numpy (`trees.py`); without the file, the most confident reading wins.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from bot.core.models import Fact
from bot.core.reply import Reply
from bot.core.scorer import LinearModel, Rows, ScorerError, sigmoid
from bot.core.trees import TreeEnsemble

_log = logging.getLogger(__name__)
READINGS_FILE = Path(__file__).resolve().parent.parent / "models" / "readings.json"

# How a reading was made from the follow-up: as asked; the last question asked of something
# else ("what about Renée?"); with the last question as the chat before it; with the last
# question's words after it; with a name for its "she"; with the names the last answer gave;
# the last question's ask in the follow-up's setting ("and at the opening?"); as asked,
# but answered only from the facts of the last answer's story ("what did they talk
# about?" after the answer about a visit: the visit's facts); the events next to the
# last answer's date ("and after that?"); what the last answer led to ("did it work?").
ReadingKind = Literal[
    "alone",
    "swap",
    "context",
    "inline",
    "person",
    "answer",
    "frame",
    "story",
    "next",
    "outcome",
]
KINDS: tuple[str, ...] = get_args(ReadingKind)
FORM: tuple[str, ...] = (
    "points_back",
    "continues",
    "own_words",
    "names",
    "pronouns",
    "things",
    "asks",
)
INPUTS: tuple[str, ...] = (
    "confidence",
    "answers",
    *(f"kind_{kind}" for kind in KINDS),
    "same_as_last",  # the reading's answer is the fact the last turn was answered with
    "same_story",  # ... or a fact about the same story (a topic in common)
    # How many years its answer is from the last answer (at most 10; -1 when either is
    # undated): "how old was she then?", "what was the exact date?" stay in the time of the
    # last answer, "and in 2019?" moves.
    "years_apart",
    # The follow-up's own words (not the last turn's a reading adds): "how high is the
    # wall?" read after a question about a dam is answered by the dam's fact only if it
    # gives the wall's height.
    "own_coverage",  # share of their weight (idf) the reading's fact has
    "own_missing",  # the rarest of them the fact lacks (idf, 0 to 1)
    "own_none",  # the follow-up has no words of its own ("and when?")
    "confident_coverage",  # confidence times own_coverage: a sure answer that holds them
    "confident_missing",  # confidence times own_missing: a sure answer that lacks one
    "repeats_for_new_words",  # the last answer again, for a follow-up with words of its own
    "repeats_in_new_setting",  # ... or for "and at the opening?" (the last ask, elsewhere)
    # How likely the matcher finds the reading's answer to answer the follow-up as asked,
    # its "she" and "that" unread: whether it gives what is asked (a date for "when was
    # that?"), whoever the reading made it about.
    "fits_as_asked",
    # Share of the other readings that give the same answer (or, for one that declines,
    # that decline too): rewritten several ways, a follow-up whose readings agree is more
    # likely read right than one whose readings scatter over the facts.
    "agreement",
    # How the reading stands against the others of the same follow-up: trees that see one
    # reading at a time learn "confident enough", but the choice is "more confident than the
    # rest", and "more sure than the follow-up asked as it is".
    "below_best",  # its confidence less the most confident reading's (0 for that one)
    "outranked_by",  # how many readings are more confident
    "coverage_below_best",  # own_coverage less the best own_coverage among the readings
    "fit_below_best",  # fits_as_asked less the best among the readings
    "readings",  # how many readings there are
    "alone_confidence",  # the confidence of the follow-up read as asked (0 when not read so)
    "above_alone",  # its confidence less that
    "above_others",  # its confidence less the most confident other reading's
    "answering",  # share of the readings that answer
    "as_alone",  # it gives the answer the follow-up as asked gives (or declines as it does)
    "people_shared",  # share of the people of its answer and the last answer in common
    "last_confidence",  # how sure the last turn's answer was
    # How the follow-up is put (`Form`), the same for each of its readings: which reading
    # is right depends on it ("when was that?" leans on the last turn; "who else was
    # there?" on its answer; "what did the mayor say?" perhaps on nothing).
    *(f"form_{name}" for name in FORM),
)


@dataclass(frozen=True, slots=True)
class Reading:
    """A follow-up rewritten to stand alone, and how; `among`: the ids of the only facts
    that may answer it (none: any fact); `led_to`: the facts that answer it as the fact
    base links them to the last answer (`Fact.led_to`), given as they are, not asked: the
    curator said what the last answer's event led to, which shares no words with it."""

    text: str
    kind: ReadingKind
    among: frozenset[str] | None = None
    led_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Form:
    """How a follow-up is put, whatever its readings (`FORM`, in order)."""

    points_back: bool = False  # a word that points back: "it", "that", "there", "then"
    continues: bool = False  # opens as a continuation: "and ...", "what about ..."
    own_words: int = 0  # its content words, besides those that point back
    names: bool = False  # a name, year or date of its own
    pronouns: int = 0  # "she", "he" before any name: someone of the last turn
    things: bool = False  # "it", "that": perhaps what the last answer named
    asks: int = 0  # what it asks for (`lexicon.ask_code`)

    def inputs(self) -> list[float]:
        return [float(getattr(self, name)) for name in FORM]


def _no_terms(fact: Fact) -> frozenset[str]:
    return frozenset()


def _no_fit(fact: Fact) -> float:
    return 0.0


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What the chooser knows of a follow-up besides its readings: the fact the last turn
    was answered with, the follow-up's own index terms with their weights (idf; the largest
    weight any term can have is `rarest`), a fact's index terms, and how likely a fact
    answers the follow-up as asked; `new_setting`: the follow-up asks the last question in
    another setting ("and at the opening?"); `form`: how it is put; `last_confidence`: how
    sure the last answer was (a follow-up of an unsure answer leans on less)."""

    last: Fact | None
    own: Mapping[str, float] = field(default_factory=dict)
    rarest: float = 1.0
    terms_of: Callable[[Fact], frozenset[str]] = _no_terms
    fits: Callable[[Fact], float] = _no_fit
    new_setting: bool = False
    form: Form = field(default_factory=Form)
    last_confidence: float = 0.0


_CONFIDENCE = INPUTS.index("confidence")
_ANSWERS = INPUTS.index("answers")
_ALONE = INPUTS.index("kind_alone")
_COVERAGE = INPUTS.index("own_coverage")
_FITS = INPUTS.index("fits_as_asked")


def describe_all(candidates: Sequence[tuple[Reading, Reply]], follow_up: FollowUp) -> Rows:
    """Every reading's inputs to the chooser (`INPUTS`), one row each: its own, then how it
    stands against the other readings, then the follow-up's form."""
    answers = [_answer(reply) for _, reply in candidates]
    others = max(1, len(answers) - 1)
    each = np.asarray(
        [
            [*describe(reading.kind, reply, follow_up), (answers.count(answer) - 1) / others]
            for (reading, reply), answer in zip(candidates, answers, strict=True)
        ],
        dtype=np.float64,
    ).reshape(len(candidates), -1)
    confidence = each[:, _CONFIDENCE]
    alone = np.flatnonzero(each[:, _ALONE])
    as_asked = confidence[alone[0]] if len(alone) else 0.0
    top_two = np.sort(confidence)[::-1][:2]
    best_other = np.where(
        confidence == top_two[0], top_two[-1] if len(top_two) > 1 else 0.0, top_two[0]
    )
    among = np.column_stack(
        [
            confidence - confidence.max(initial=0.0),
            (confidence[None, :] > confidence[:, None]).sum(axis=1),
            each[:, _COVERAGE] - each[:, _COVERAGE].max(initial=0.0),
            each[:, _FITS] - each[:, _FITS].max(initial=0.0),
            np.full(len(each), float(len(each))),
            np.full(len(each), as_asked),
            confidence - as_asked,
            confidence - best_other,
            np.full(len(each), each[:, _ANSWERS].mean() if len(each) else 0.0),
            [float(len(alone) > 0 and answer == answers[alone[0]]) for answer in answers],
            [_people_shared(reply, follow_up.last) for _, reply in candidates],
            np.full(len(each), follow_up.last_confidence),
            np.tile(follow_up.form.inputs(), (len(each), 1)),
        ]
    )
    return np.hstack([each, among])


def _people_shared(reply: Reply, last: Fact | None) -> float:
    found = reply.facts or reply.near_misses
    if not found or last is None:
        return 0.0
    mine, theirs = set(found[0].fact.participants), set(last.participants)
    return len(mine & theirs) / (len(mine | theirs) or 1)


def _years_apart(fact: Fact | None, last: Fact | None) -> float:
    if fact is None or last is None or fact.date is None or last.date is None:
        return -1.0
    return float(min(abs(fact.date.year - last.date.year), 10))


def _answer(reply: Reply) -> str | None:
    """The fact a reading answers with; None when it declines."""
    return reply.facts[0].fact.id if reply.answered and reply.facts else None


def describe(kind: ReadingKind, reply: Reply, follow_up: FollowUp) -> list[float]:
    """A reading's own inputs to the chooser, those that need no other reading: every input
    but the last (`describe_all` adds how far the readings agree)."""
    found = reply.facts or reply.near_misses
    fact = found[0].fact if found else None
    last = follow_up.last
    same = fact is not None and last is not None and fact.id == last.id
    story = fact is not None and last is not None and bool(set(fact.tags) & set(last.tags))
    own = follow_up.own
    coverage = missing = 0.0
    if fact is not None and own:
        terms = follow_up.terms_of(fact)
        coverage = sum(w for t, w in own.items() if t in terms) / (sum(own.values()) or 1.0)
        missing = max((w for t, w in own.items() if t not in terms), default=0.0)
        missing /= follow_up.rarest or 1.0
    return [
        reply.confidence,
        float(reply.answered),
        *(float(kind == k) for k in KINDS),
        float(same),
        float(story),
        _years_apart(fact, last),
        coverage,
        missing,
        float(not own),
        reply.confidence * coverage,
        reply.confidence * missing,
        float(same and bool(own)),
        float(same and follow_up.new_setting),
        follow_up.fits(fact) if fact is not None else 0.0,
    ]


@dataclass(frozen=True, slots=True)
class ReadingChooser:
    """The fitted model: how likely a reading is to be answered right (boosted trees as
    `make train` fits it; a linear model serves as well, as in the tests)."""

    model: TreeEnsemble | LinearModel
    about: dict[str, Any]

    def likelihoods(self, rows: Rows) -> Rows:
        return sigmoid(self.model.logits(rows))

    def to_json(self) -> dict[str, Any]:
        return {"inputs": list(INPUTS), "about": self.about, "model": self.model.to_json()}

    def save(self, path: Path) -> None:
        """One line per key: the trees are thousands of numbers, `about` is for people."""
        lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in self.to_json().items()]
        path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = READINGS_FILE) -> ReadingChooser:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScorerError(
                f"{path}: cannot read the reading chooser ({exc}); run `make train`"
            ) from exc
        if data.get("inputs") != list(INPUTS):
            raise ScorerError(
                f"{path}: fitted for other inputs than bot/core/readings.py describes;"
                " run `make train` to refit it"
            )
        try:
            model = data["model"]  # boosted trees: the one kind `make train` writes
            fitted = TreeEnsemble.from_trees(model["trees"], model["baseline"], len(INPUTS))
            return cls(fitted, dict(data.get("about", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise ScorerError(
                f"{path}: malformed reading chooser ({exc!r}); run `make train`"
            ) from exc


@cache
def shipped_chooser() -> ReadingChooser | None:
    """The committed chooser, or None when there is none or it cannot be used (then the
    most confident reading wins, and the log says why: a follow-up is worth answering less
    well rather than not at all)."""
    if not READINGS_FILE.is_file():
        return None
    try:
        return ReadingChooser.load()
    except ScorerError as exc:
        _log.warning("follow-ups use the most confident reading: %s", exc)
        return None


def choose(
    candidates: list[tuple[Reading, Reply]],
    follow_up: FollowUp,
    chooser: ReadingChooser | None,
) -> tuple[Reading, Reply]:
    """The reading to answer with: the chooser's likeliest, or without one the most
    confident (the earlier on a tie, as the readings come likeliest first)."""
    if chooser is None or len(candidates) == 1:
        return max(candidates, key=lambda c: c[1].confidence)  # max keeps the first on ties
    rows = describe_all(candidates, follow_up)
    return candidates[int(np.argmax(chooser.likelihoods(rows)))]
