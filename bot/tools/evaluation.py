"""Score the matcher on a question file, in-process: what `factbot eval` prints (and what
`make train` and the benchmarks read question files with).

The file format and the rules are those of the project's external scorer (the ask protocol's
judge): a reply is correct when its top fact's text plus ISO date contains one alternative
of every `expect` group and cites one of the question's `sources`; a timeline reply is
judged on its first 20 events taken together. So a curator sees here, at once, what an edit
to the facts does to the figures that judge the bot.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core import Article, Fact, Reply
from bot.core.yamlfile import load_plain

TIMELINE_EVENTS_JUDGED = 20
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


class QuestionFileError(Exception):
    """The question file cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Question:
    q: str
    kind: str
    expect: tuple[tuple[str, ...], ...]
    sources: frozenset[str]
    answerable: bool
    turn: str = ""  # in a conversation, "first" or "follow-up"

    @property
    def label(self) -> str:
        """What a report groups it under: its turn in a conversation, else its kind."""
        return self.turn or self.kind


@dataclass(slots=True)
class Outcome:
    question: Question
    reply: Reply
    ms: float
    correct_at_1: bool = False
    correct_at_3: bool = False
    cites_source: bool = True  # the first answer cites an article that states the answer

    @property
    def ok(self) -> bool:
        if self.question.answerable:
            return self.reply.answered and self.correct_at_1
        return not self.reply.answered


@dataclass(slots=True)
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, hits: int, total: int) -> float | None:
        return hits / total if total else None

    @property
    def answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.answerable]

    @property
    def unanswerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.question.answerable]

    def metrics(self) -> dict[str, float | None]:
        ans, una = self.answerable, self.unanswerable
        lat = sorted(o.ms for o in self.outcomes)
        return {
            "reply_accuracy": self._share(sum(o.ok for o in self.outcomes), len(self.outcomes)),
            "correct_at_1": self._share(sum(o.ok for o in ans), len(ans)),
            "correct_at_3": self._share(
                sum(o.reply.answered and o.correct_at_3 for o in ans), len(ans)
            ),
            "wrongly_abstained": self._share(sum(not o.reply.answered for o in ans), len(ans)),
            "abstain": self._share(sum(o.ok for o in una), len(una)),
            # answers (to answerable questions) whose first fact cites none of the
            # articles that state the answer
            "wrong_citation": self._share(
                sum(not o.cites_source for o in ans if o.reply.answered),
                sum(o.reply.answered for o in ans),
            ),
            "p50_ms": _percentile(lat, 50),
            "p99_ms": _percentile(lat, 99),
        }

    def by_kind(self) -> dict[str, Report]:
        kinds: dict[str, Report] = {}
        for outcome in self.outcomes:
            kinds.setdefault(outcome.question.label, Report()).outcomes.append(outcome)
        return dict(sorted(kinds.items()))

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def read_list(path: Path, what: str, key: str | None = None) -> list[Any]:
    """A file's non-empty YAML list of `what` (under `key` when it is a mapping); a file
    that is no such list names itself and what it should hold."""
    try:
        data = load_plain(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise QuestionFileError(f"{path}: cannot read {what}: {exc}") from exc
    if key is not None and isinstance(data, dict):
        data = data.get(key)
    if not isinstance(data, list) or not data:
        raise QuestionFileError(f"{path}: expected a non-empty YAML list of {what}")
    return data


def load_questions(path: Path) -> list[Question]:
    data = read_list(path, "questions", key="questions")
    if all(isinstance(item, dict) and "turns" in item for item in data):
        raise QuestionFileError(f"{path}: a file of conversations: use --conversations")
    return [_question(item, f"{path}: item {n}") for n, item in enumerate(data, 1)]


def load_conversations(path: Path) -> list[list[Question]]:
    """A file of conversations: a YAML list of {id, turns: [question, ...]}, each turn in
    the question format; the turns after the first are follow-ups."""
    data = read_list(path, "conversations")
    conversations = []
    for n, item in enumerate(data, 1):
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or not turns:
            raise QuestionFileError(f"{path}: conversation {n} needs a list of 'turns'")
        conversations.append(
            [
                _question(
                    turn, f"{path}: conversation {n}, turn {t}", "first" if t == 1 else "follow-up"
                )
                for t, turn in enumerate(turns, 1)
            ]
        )
    return conversations


def _question(item: object, where: str, turn: str = "") -> Question:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise QuestionFileError(f"{where} needs a 'q' string")
    groups = tuple(
        tuple(str(a) for a in (g if isinstance(g, list) else [g])) for g in item.get("expect") or []
    )
    sources = item.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    answerable = item.get("answerable")
    if not isinstance(answerable, bool):
        raise QuestionFileError(f"{where} needs 'answerable: true' or 'false'")
    if answerable and not groups:
        raise QuestionFileError(f"{where} is answerable but has no 'expect'")
    return Question(
        item["q"],
        str(item.get("kind", "(none)")),
        groups,
        frozenset(Path(s).name for s in sources),
        answerable,
        turn,
    )


def evaluate(questions: list[Question], ask: Callable[[str], Reply]) -> Report:
    report = Report()
    for question in questions:
        start = time.perf_counter()
        reply = ask(question.q)
        ms = (time.perf_counter() - start) * 1000
        outcome = Outcome(question, reply, ms)
        if question.answerable:
            candidates = _candidates(reply, question)
            verdicts = [_correct(c, question) for c in candidates[:3]]
            outcome.correct_at_1 = bool(verdicts and verdicts[0])
            outcome.correct_at_3 = any(verdicts)
            if candidates and question.sources:
                outcome.cites_source = bool(candidates[0][1] & question.sources)
        report.outcomes.append(outcome)
    return report


def evaluate_conversations(
    conversations: list[list[Question]], ask: Callable[[int, str], Reply]
) -> Report:
    """Every turn of every conversation, asked in order; `ask(n, question)` answers in
    conversation n (or alone, to compare). Turns are labelled "first" and "follow-up"."""
    report = Report()
    for n, turns in enumerate(conversations):
        report.outcomes.extend(evaluate(turns, lambda q, n=n: ask(n, q)).outcomes)  # type: ignore[misc]
    return report


def _candidates(reply: Reply, question: Question) -> list[tuple[str, set[str]]]:
    """(haystack, source files) for each answer the judge looks at, best first. A
    timeline is judged as one answer, its first events together, when a timeline was
    asked for (`score.py`'s rule); otherwise its first event is the answer."""
    items = [
        (
            _fold(f"{r.fact.text} {r.fact.date.iso() if r.fact.date else ''}"),
            {
                Path(reply.articles[s.article].file).name
                for s in r.fact.sources
                if s.article in reply.articles
            },
        )
        for r in reply.facts
    ]
    if reply.form == "timeline" and question.kind == "timeline" and items:
        events = items[:TIMELINE_EVENTS_JUDGED]
        merged = (" ".join(h for h, _ in events), set().union(*(s for _, s in events)))
        return [merged, *items[1:]]
    return items


def fact_is_correct(fact: Fact, articles: Mapping[str, Article], question: Question) -> bool:
    """The judge's verdict on one fact as the answer to a question (training labels)."""
    files = {Path(articles[s.article].file).name for s in fact.sources if s.article in articles}
    haystack = _fold(f"{fact.text} {fact.date.iso() if fact.date else ''}")
    return _correct((haystack, files), question)


def dated_as_expected(fact: Fact, question: Question) -> bool:
    """Whether a fact's own date, not only its text, holds what a question expects: of the
    facts the judge accepts for "when did they meet?", the meeting's own fact, not a later
    one that mentions it in passing ("... after the meeting at the end of May")."""
    if fact.date is None:
        return False
    return _holds(_fold(f"{fact.date.iso()} {fact.date.display()}"), question)


def _correct(candidate: tuple[str, set[str]], question: Question) -> bool:
    haystack, files = candidate
    return _holds(haystack, question) and (not question.sources or bool(files & question.sources))


def _holds(haystack: str, question: Question) -> bool:
    return all(any(_fold(alt) in haystack for alt in group) for group in question.expect)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.lower()).translate(_FOLD)
    return _SPACE.sub(" ", text)


def _percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    rank = max(1, -(-len(values) * pct // 100))
    return values[int(rank) - 1]


def metrics_line(metrics: dict[str, Any]) -> str:
    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    return (
        f"reply_accuracy={fmt(metrics['reply_accuracy'])} "
        f"correct@1={fmt(metrics['correct_at_1'])} correct@3={fmt(metrics['correct_at_3'])} "
        f"abstain={fmt(metrics['abstain'])} "
        f"wrong_abstain={fmt(metrics['wrongly_abstained'])} "
        f"wrong_citation={fmt(metrics['wrong_citation'])} "
        f"p50_ms={fmt(metrics['p50_ms'])} p99_ms={fmt(metrics['p99_ms'])}"
    )
