"""A burst of questions through the loopback stand-in, and the ledger that accounts for
every one of them.

`Burst` plans who asks what, where and how (a mention or `/ask`), dispatches the events
at a steady rate, waits for the replies the cooldown policy says are due, and then reads
the stand-in's request log back into a `Ledger`: for each question, the replies that
reference it. Nothing in the ledger is taken from the bot's own bookkeeping; it is what a
user in the channel would have seen.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from bot.client import FactBot
from bot.exts import _embeds
from bot.exts._cooldown import Cooldown
from bot.exts.answers import COOLDOWN_RATE, COOLDOWN_SECONDS, Answers
from tests.helpers import FOLLOWUP, MESSAGES
from tests.loopback import FakeDiscord, RecordedRequest, World
from tests.loopback import payloads as pl

JSON = dict[str, Any]
Kind = Literal["mention", "slash"]
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "data" / "questions"
#: Off-topic and hostile lines mixed into a burst: they must be answered like any other.
EXTRA_QUESTIONS = (
    "what is the weather in paris",
    "@everyone who met trump?",
    "**bold** `code` ```py\nprint(1)\n``` > quote",
    "\u200b\u200d\u2067who\u2069 visited the prison?",
    "lol",
)


def question_texts() -> list[str]:
    """The dev and own question sets (real phrasing, answerable or not) plus a few odd ones."""
    texts: list[str] = []
    for name in ("dev.yaml", "own.yaml"):
        items = yaml.safe_load((QUESTIONS / name).read_text(encoding="utf-8"))
        texts.extend(str(item["q"]) for item in items)
    return texts + list(EXTRA_QUESTIONS)


def crowd(world: World, *, users: int, channels: int) -> tuple[list[str], list[str]]:
    """Add `users` members and enough text channels to have `channels`; their ids."""
    guild = world.guild()
    user_ids = []
    for n in range(users):
        user = pl.user(f"asker{n:03d}")
        guild["members"].append(pl.member(user))
        user_ids.append(str(user["id"]))
    existing = [c for c in guild["channels"] if c["type"] == 0]
    for n in range(len(existing), channels):
        guild["channels"].append(pl.text_channel(f"busy-{n}", guild_id=guild["id"], position=n))
    channel_ids = [str(c["id"]) for c in guild["channels"] if c["type"] == 0][:channels]
    return user_ids, channel_ids


class ManualClock:
    """The cooldown's clock, moved on by the test: bursts need no real 30-second waits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def answers_cog(bot: FactBot) -> Answers:
    """The bot's Answers cog (discord.py loads extensions as fresh module objects, so an
    isinstance check against the imported class would fail)."""
    cog = bot.get_cog("Answers")
    assert cog is not None
    return cast(Answers, cog)


def manual_cooldown(bot: FactBot) -> ManualClock:
    """Give the Answers cog a cooldown with the production policy on a manual clock."""
    clock = ManualClock()
    answers_cog(bot).cooldown = Cooldown(COOLDOWN_RATE, COOLDOWN_SECONDS, clock=clock)
    return clock


@dataclass
class Question:
    index: int
    kind: Kind
    user_id: str
    channel_id: str
    text: str
    payload: JSON = field(default_factory=dict)
    sent_at: float = 0.0

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])


def plan(
    count: int,
    user_ids: Sequence[str],
    channel_ids: Sequence[str],
    texts: Sequence[str],
    *,
    slash_every: int = 2,
    offset: int = 0,
) -> list[Question]:
    """`count` questions spread round-robin over users, channels and texts; every
    `slash_every`-th is `/ask`, the rest mentions. Deterministic (no randomness: a failing
    run is the same run again)."""
    return [
        Question(
            index=n,
            kind="slash" if (n + n // len(user_ids)) % slash_every == 0 else "mention",
            user_id=user_ids[n % len(user_ids)],
            channel_id=channel_ids[(n // len(user_ids) + n) % len(channel_ids)],
            text=texts[(n + offset) % len(texts)],
        )
        for n in range(count)
    ]


def expected_verdicts(
    questions: Iterable[Question], *, rate: int = COOLDOWN_RATE
) -> dict[int, str]:
    """What the cooldown policy says about each mention when a whole burst falls in one
    window: the first `rate` per user are answered, the next gets the notice, the rest
    are ignored. (`/ask` is not rate-limited.)"""
    seen: Counter[str] = Counter()
    verdicts = {}
    for q in questions:
        if q.kind != "mention":
            continue
        seen[q.user_id] += 1
        n = seen[q.user_id]
        verdicts[q.index] = "answered" if n <= rate else "notice" if n == rate + 1 else "silent"
    return verdicts


async def dispatch(fake: FakeDiscord, questions: Sequence[Question], *, seconds: float) -> None:
    """Send the questions' events evenly over `seconds` (as fast as possible if 0)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    gap = seconds / max(1, len(questions))
    for n, q in enumerate(questions):
        delay = start + n * gap - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if q.kind == "mention":
            q.payload = fake.message_payload(
                q.text, author=q.user_id, channel_id=q.channel_id, mention_bot=True
            )
        else:
            q.payload = fake.slash_interaction_payload(
                "ask", {"question": q.text[:500]}, user=q.user_id, channel_id=q.channel_id
            )
        q.sent_at = time.monotonic()
        event = "INTERACTION_CREATE" if q.kind == "slash" else "MESSAGE_CREATE"
        await fake.dispatch(event, q.payload)


SENTINEL_TEXT = "who built the lighthouse?"


async def drain(fake: FakeDiscord, sentinel_user: str, sentinel_channel: str) -> None:
    """Return once the bot has taken up every event dispatched so far.

    discord.py starts handlers in the order the gateway delivered the events, and the
    cooldown is counted before a handler's first await; so when a question sent after all
    the others has been answered, every earlier one has been counted too (the cooldown's
    clock can then be moved on without a late event landing in the next window).
    """
    payload = fake.message_payload(
        SENTINEL_TEXT, author=sentinel_user, channel_id=sentinel_channel, mention_bot=True
    )
    await fake.dispatch("MESSAGE_CREATE", payload)
    await fake.wait_for_request(
        "POST",
        MESSAGES,
        status=200,
        where=lambda r: (
            str((r.json.get("message_reference") or {}).get("message_id")) == payload["id"]
        ),
        timeout=30,
    )


async def await_replies(
    fake: FakeDiscord,
    questions: Sequence[Question],
    verdicts: dict[int, str],
    *,
    timeout: float = 60.0,  # noqa: ASYNC109
) -> None:
    """Wait until every reply the policy says is due has arrived: a message (answer or
    notice) per mention not ignored, and an edited original per /ask. Raises TimeoutError
    naming how many are missing."""
    due_messages = {
        q.id for q in questions if q.kind == "mention" and verdicts[q.index] != "silent"
    }
    due_edits = {q.token for q in questions if q.kind == "slash"}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        ledger = Ledger.read(fake, questions)
        missing_messages = due_messages - ledger.referenced_ids()
        missing_edits = due_edits - ledger.finished_tokens()
        if not missing_messages and not missing_edits:
            return
        if loop.time() > deadline:
            raise TimeoutError(
                f"after {timeout:.0f}s, {len(missing_messages)} mention(s) and "
                f"{len(missing_edits)} /ask(s) still have no reply"
            )
        await asyncio.sleep(0.05)


@dataclass
class Outcome:
    """What one question got, as recorded by the stand-in (successful requests only)."""

    question: Question
    answers: list[RecordedRequest] = field(default_factory=list)  # embeds
    notices: list[RecordedRequest] = field(default_factory=list)  # the cooldown notice
    apologies: list[RecordedRequest] = field(default_factory=list)  # "something went wrong"
    acks: list[RecordedRequest] = field(default_factory=list)  # interaction callbacks
    other: list[RecordedRequest] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.answers:
            return "answered"
        if self.notices:
            return "notice"
        if self.apologies:
            return "apology"
        return "silent"

    @property
    def replies(self) -> int:
        return len(self.answers) + len(self.notices) + len(self.apologies) + len(self.other)

    def latency(self) -> float | None:
        """Seconds from dispatch to the (first) answer request."""
        first = self.answers[0] if self.answers else None
        return None if first is None else first.at - self.question.sent_at

    def ack_latency(self) -> float | None:
        return self.acks[0].at - self.question.sent_at if self.acks else None


@dataclass
class Ledger:
    """Every question of a burst with what it got."""

    outcomes: list[Outcome]

    @classmethod
    def read(cls, fake: FakeDiscord, questions: Sequence[Question]) -> Ledger:
        by_message: dict[str, list[RecordedRequest]] = defaultdict(list)
        by_token: dict[str, list[RecordedRequest]] = defaultdict(list)
        for req in fake.find_requests("POST", MESSAGES):
            if req.status != 200 or not isinstance(req.json, dict):
                continue
            ref = (req.json.get("message_reference") or {}).get("message_id")
            if ref is not None:
                by_message[str(ref)].append(req)
        for req in fake.requests:
            if req.status is None or req.status >= 300:
                continue
            parts = req.path.split("/")
            callback = req.path.startswith("/interactions/") and parts[-1] == "callback"
            if callback or req.path.startswith("/webhooks/"):
                by_token[parts[3]].append(req)
        outcomes = []
        for q in questions:
            outcome = Outcome(q)
            if not q.payload:
                outcomes.append(outcome)
                continue
            if q.kind == "mention":
                for req in by_message.get(q.id, []):
                    _classify_message(outcome, req.json, req)
            else:
                for req in by_token.get(q.token, []):
                    if req.path.endswith("/callback"):
                        outcome.acks.append(req)
                        data = (req.json or {}).get("data") or {}
                        if req.json.get("type") == 4:
                            _classify_message(outcome, data, req)
                    elif req.method == "POST" or req.path.endswith("/@original"):
                        _classify_message(outcome, req.json or {}, req)
            outcomes.append(outcome)
        return cls(outcomes)

    def referenced_ids(self) -> set[str]:
        return {o.question.id for o in self.outcomes if o.question.kind == "mention" and o.replies}

    def finished_tokens(self) -> set[str]:
        return {
            o.question.token
            for o in self.outcomes
            if o.question.kind == "slash" and (o.answers or o.apologies or o.notices or o.other)
        }

    def counts(self) -> Counter[str]:
        return Counter(f"{o.question.kind}:{o.verdict}" for o in self.outcomes)

    def duplicates(self) -> list[Outcome]:
        """Questions that got more than one reply (or more than one acknowledgement)."""
        return [o for o in self.outcomes if o.replies > 1 or len(o.acks) > 1]

    def problems(self, verdicts: dict[int, str] | None = None) -> list[str]:
        """Everything a user would call wrong: a question answered twice, an /ask never
        acknowledged or never answered, a mention treated other than the cooldown policy
        says, more than one notice for a user in one window."""
        out = []
        for o in self.outcomes:
            q = o.question
            where = f"#{q.index} ({q.kind} by {q.user_id}: {q.text[:40]!r})"
            if o.replies > 1:
                out.append(f"{where} got {o.replies} replies")
            if q.kind == "slash":
                if len(o.acks) != 1:
                    out.append(f"{where} acknowledged {len(o.acks)} times")
                if o.verdict not in ("answered", "apology") and not o.other:
                    out.append(f"{where} acknowledged but never answered")
            elif verdicts is not None and o.verdict != verdicts[q.index]:
                out.append(f"{where}: {o.verdict}; the cooldown policy says {verdicts[q.index]}")
        notices = Counter(o.question.user_id for o in self.outcomes if o.notices)
        out += [f"user {u} got {n} notices in one window" for u, n in notices.items() if n > 1]
        return out

    def latencies(self, kind: Kind | None = None) -> list[float]:
        return [
            lat
            for o in self.outcomes
            if (kind is None or o.question.kind == kind) and (lat := o.latency()) is not None
        ]

    def ack_latencies(self) -> list[float]:
        return [lat for o in self.outcomes if (lat := o.ack_latency()) is not None]

    def span(self) -> float:
        """Seconds from the first dispatch to the last answer request."""
        ends = [o.answers[-1].at for o in self.outcomes if o.answers]
        starts = [o.question.sent_at for o in self.outcomes if o.question.sent_at]
        return max(ends) - min(starts) if ends and starts else 0.0


def _classify_message(outcome: Outcome, body: JSON, req: RecordedRequest) -> None:
    content = body.get("content") or ""
    if body.get("embeds"):
        outcome.answers.append(req)
    elif content == _embeds.COOLDOWN_NOTICE:
        outcome.notices.append(req)
    elif content == _embeds.APOLOGY:
        outcome.apologies.append(req)
    elif content:
        outcome.other.append(req)


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct`th percentile (nearest rank) of `values`, 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50/p99/max in milliseconds."""
    return {
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values, default=0.0) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else 0.0,
    }


def answered_mentions(questions: Iterable[Question], verdicts: dict[int, str]) -> int:
    return sum(1 for q in questions if verdicts.get(q.index) == "answered")


def messages_to(fake: FakeDiscord, channel_id: str) -> list[RecordedRequest]:
    return fake.find_requests("POST", MESSAGES.replace("{channel_id}", channel_id), status=200)


def followups(fake: FakeDiscord, token: str) -> list[RecordedRequest]:
    return fake.find_requests("POST", FOLLOWUP.replace("{app_id}", "*").replace("{token}", token))
