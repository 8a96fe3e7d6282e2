"""Bursts of questions through the loopback stand-in, and the ledger that accounts for
every one of them.

`plan()` decides who asks what, where and how (a mention or `/ask`); `dispatch()` sends
the events at a steady rate; the replies the cooldown policy says are due are awaited;
and the stand-in's request log is read back into a `Ledger`: for each question, the
requests that answered it. Nothing in the ledger comes from the bot's own bookkeeping: it
is what users would have seen.

The stand-in runs in the test's process (`crowd()`, quick, with fault injection at hand)
or in a process of its own (`remote_crowd()`, `tests/reliability/_standin.py`), so that
latency, throughput and memory measured under load are the bot's and not the stand-in's.
Either way the bot runs in the test's process, where its view store and cooldown map can
be inspected.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, cast

import aiohttp
import discord
import yaml

from bot.client import FactBot, create_bot
from bot.core import FactBase
from bot.exts import _embeds
from bot.exts._cooldown import Cooldown
from bot.exts.answers import COOLDOWN_RATE, COOLDOWN_SECONDS, Answers
from bot.settings import Secret
from tests.helpers import MESSAGES, running_bot, settings_for
from tests.loopback import FakeDiscord, RecordedRequest, World, connected
from tests.loopback import payloads as pl

JSON = dict[str, Any]
Kind = Literal["mention", "slash"]
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "data" / "questions"
#: Off-topic and hostile lines mixed into a burst: they are answered like any other.
EXTRA_QUESTIONS = (
    "what is the weather in paris",
    "@everyone who met trump?",
    "**bold** `code` ```py\nprint(1)\n``` > quote",
    "\u200b\u200d\u2067who\u2069 visited the prison?",
    "lol",
)
SENTINEL_TEXT = "who built the lighthouse?"


# -- who asks what -----------------------------------------------------------------------------


def question_texts() -> list[str]:
    """The dev and own question sets (real phrasing, answerable or not) and a few odd ones."""
    texts: list[str] = []
    for name in ("dev.yaml", "own.yaml"):
        items = yaml.safe_load((QUESTIONS / name).read_text(encoding="utf-8"))
        texts.extend(str(item["q"])[:500] for item in items)
    return texts + list(EXTRA_QUESTIONS)


def populate(world: World, *, users: int, channels: int) -> tuple[list[str], list[str]]:
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


@dataclass
class Question:
    index: int
    kind: Kind
    user_id: str
    channel_id: str
    text: str
    payload: JSON = field(default_factory=dict)
    sent_at: float = 0.0  # time.monotonic() when dispatched (one clock for all processes)

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
    offset: int = 0,
) -> list[Question]:
    """`count` questions spread round-robin over users, channels and texts, half of them
    `/ask` and half mentions, each user doing both. Deterministic: a failing run is the
    same run again."""
    users = len(user_ids)
    return [
        Question(
            index=n,
            kind="slash" if (n + n // users) % 2 == 0 else "mention",
            user_id=user_ids[n % users],
            channel_id=channel_ids[(n // users + n) % len(channel_ids)],
            text=texts[(n + offset) % len(texts)],
        )
        for n in range(count)
    ]


def expected_verdicts(
    questions: Iterable[Question], *, rate: int = COOLDOWN_RATE
) -> dict[int, str]:
    """What the cooldown policy says about each mention when a whole burst falls in one
    window: a user's first `rate` are answered, the next gets the notice, the rest are
    ignored. (/ask is not rate-limited.)"""
    seen: Counter[str] = Counter()
    verdicts = {}
    for q in questions:
        if q.kind != "mention":
            continue
        seen[q.user_id] += 1
        n = seen[q.user_id]
        verdicts[q.index] = "answered" if n <= rate else "notice" if n == rate + 1 else "silent"
    return verdicts


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


# -- on the stand-in's side: sending events and watching for replies ---------------------------


async def dispatch(fake: FakeDiscord, questions: Sequence[Question], *, seconds: float) -> None:
    """Send the questions' events evenly over `seconds` (back to back if 0), filling in
    each one's payload and the moment it was sent."""
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
                "ask", {"question": q.text}, user=q.user_id, channel_id=q.channel_id
            )
        q.sent_at = time.monotonic()
        event = "INTERACTION_CREATE" if q.kind == "slash" else "MESSAGE_CREATE"
        await fake.dispatch(event, q.payload)


async def drain(fake: FakeDiscord, channel_id: str) -> None:
    """Return once the bot has taken up every event dispatched so far.

    discord.py starts handlers in the order the gateway delivered the events, and the
    cooldown is counted before a handler's first await; so when a question sent after all
    the others has been answered, every earlier one has been counted too (the cooldown's
    clock can then be moved on without a late event landing in the next window). The
    question comes from a new user each time, so the cooldown never holds it back.
    """
    payload = fake.message_payload(
        SENTINEL_TEXT, author=pl.user("sentinel"), channel_id=channel_id, mention_bot=True
    )
    await fake.dispatch("MESSAGE_CREATE", payload)
    await fake.wait_for_request(
        "POST", MESSAGES, status=200, where=lambda r: _reference(r) == payload["id"], timeout=60
    )


def replied(requests: Iterable[RecordedRequest]) -> tuple[set[str], set[str]]:
    """The message ids some reply references, and the interaction tokens whose answer (or
    apology) has been sent."""
    ids, tokens = set(), set()
    for req in requests:
        if req.status is None or req.status >= 300 or req.method not in ("POST", "PATCH"):
            continue
        body = req.json if isinstance(req.json, dict) else {}
        ref = _reference(req)
        if req.method == "POST" and req.path.startswith("/channels/") and ref is not None:
            ids.add(ref)
        elif req.path.startswith("/webhooks/") and (body.get("embeds") or body.get("content")):
            tokens.add(req.path.split("/")[3])
    return ids, tokens


async def await_replies(
    fake: FakeDiscord,
    due_ids: set[str],
    due_tokens: set[str],
    *,
    timeout: float = 120.0,  # noqa: ASYNC109
) -> None:
    """Wait until every due mention has a reply and every due /ask its answer; a
    TimeoutError says how many are missing."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen = 0  # requests before this one have been read (all of them had finished)
    ids: set[str] = set()
    tokens: set[str] = set()
    while True:
        log = fake.log.requests
        end = next((i for i in range(seen, len(log)) if log[i].status is None), len(log))
        more_ids, more_tokens = replied(log[seen:end])
        ids |= more_ids
        tokens |= more_tokens
        seen = end
        missing_ids, missing_tokens = due_ids - ids, due_tokens - tokens
        if not missing_ids and not missing_tokens:
            return
        if loop.time() > deadline:
            raise TimeoutError(
                f"after {timeout:.0f}s, {len(missing_ids)} mention(s) and "
                f"{len(missing_tokens)} /ask(s) still have no reply"
            )
        await asyncio.sleep(0.05)


def due(questions: Iterable[Question], verdicts: dict[int, str]) -> tuple[set[str], set[str]]:
    """The mentions that must get a message (answer or notice) and the /asks an answer."""
    ids = {q.id for q in questions if q.kind == "mention" and verdicts[q.index] != "silent"}
    tokens = {q.token for q in questions if q.kind == "slash"}
    return ids, tokens


def _reference(req: RecordedRequest) -> str | None:
    body = req.json if isinstance(req.json, dict) else {}
    ref = (body.get("message_reference") or {}).get("message_id")
    return None if ref is None else str(ref)


# -- the ledger ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one question got, as recorded by the stand-in (successful requests only)."""

    question: Question
    answers: list[RecordedRequest] = field(default_factory=list)  # embeds
    notices: list[RecordedRequest] = field(default_factory=list)  # the cooldown notice
    apologies: list[RecordedRequest] = field(default_factory=list)  # "something went wrong"
    acks: list[RecordedRequest] = field(default_factory=list)  # interaction callbacks
    other: list[RecordedRequest] = field(default_factory=list)  # any other text

    @property
    def verdict(self) -> str:
        if self.answers:
            return "answered"
        if self.notices:
            return "notice"
        if self.apologies:
            return "apology"
        return "other" if self.other else "silent"

    @property
    def replies(self) -> int:
        return len(self.answers) + len(self.notices) + len(self.apologies) + len(self.other)

    def latency(self) -> float | None:
        """Seconds from dispatch to the (first) answer request."""
        return self.answers[0].at - self.question.sent_at if self.answers else None

    def ack_latency(self) -> float | None:
        return self.acks[0].at - self.question.sent_at if self.acks else None


@dataclass
class Ledger:
    """Every question of a burst with what it got."""

    outcomes: list[Outcome]

    @classmethod
    def read(cls, requests: Iterable[RecordedRequest], questions: Sequence[Question]) -> Ledger:
        by_message: dict[str, list[RecordedRequest]] = defaultdict(list)
        by_token: dict[str, list[RecordedRequest]] = defaultdict(list)
        for req in requests:
            if req.status is None or req.status >= 300:
                continue
            parts = req.path.split("/")
            if req.method == "POST" and req.path.startswith("/channels/"):
                if (ref := _reference(req)) is not None:
                    by_message[ref].append(req)
            elif req.path.startswith(("/interactions/", "/webhooks/")):
                by_token[parts[3]].append(req)
        outcomes = []
        for q in questions:
            outcome = Outcome(q)
            outcomes.append(outcome)
            if not q.payload:
                continue
            if q.kind == "mention":
                for req in by_message.get(q.id, []):
                    _classify(outcome, req.json, req)
                continue
            for req in by_token.get(q.token, []):
                if req.path.endswith("/callback"):
                    outcome.acks.append(req)
                    if req.json.get("type") == 4:
                        _classify(outcome, req.json.get("data") or {}, req)
                elif req.method == "POST" or req.path.endswith("/@original"):
                    _classify(outcome, req.json or {}, req)
        return cls(outcomes)

    def counts(self) -> Counter[str]:
        return Counter(f"{o.question.kind}:{o.verdict}" for o in self.outcomes)

    def problems(self, verdicts: dict[int, str] | None = None) -> list[str]:
        """Everything a user would call wrong: a question answered twice, an /ask never
        acknowledged or never answered, a mention treated other than the cooldown policy
        says, a question ignored before its asker was told why, two notices for a user
        in one window."""
        out = []
        told: set[str] = set()
        for o in sorted(self.outcomes, key=lambda o: o.question.index):
            q = o.question
            where = f"#{q.index} ({q.kind} by {q.user_id}: {q.text[:40]!r})"
            if o.replies > 1:
                out.append(f"{where} got {o.replies} replies")
            if q.kind == "slash":
                if len(o.acks) != 1:
                    out.append(f"{where} acknowledged {len(o.acks)} times")
                if o.verdict == "silent":
                    out.append(f"{where} never answered")
                continue
            if verdicts is not None and o.verdict != verdicts[q.index]:
                out.append(f"{where}: {o.verdict}; the cooldown policy says {verdicts[q.index]}")
            if o.notices:
                told.add(q.user_id)
            elif o.verdict == "silent" and q.user_id not in told:
                out.append(f"{where} ignored before its asker was told why")
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
        """Seconds from the first dispatch to the last reply."""
        ends = [r.at for o in self.outcomes for r in (*o.answers, *o.notices, *o.apologies)]
        starts = [o.question.sent_at for o in self.outcomes if o.question.sent_at]
        return max(ends) - min(starts) if ends and starts else 0.0


def _classify(outcome: Outcome, body: JSON, req: RecordedRequest) -> None:
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
    """The `pct`th percentile of `values` (nearest rank), 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50, p99 and max in milliseconds."""
    return {
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values, default=0.0) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else 0.0,
    }


@dataclass
class BurstResult:
    """One burst: the questions, what the policy said about each, what each got."""

    questions: list[Question]
    verdicts: dict[int, str]
    ledger: Ledger

    def problems(self) -> list[str]:
        return self.ledger.problems(self.verdicts)

    def accounted(self) -> dict[str, int]:
        """Every question in exactly one bin; the bins add up to the questions asked."""
        counts = self.ledger.counts()
        return {
            "asked": len(self.questions),
            "mentions": sum(1 for q in self.questions if q.kind == "mention"),
            "slash": sum(1 for q in self.questions if q.kind == "slash"),
            "answered": counts["mention:answered"] + counts["slash:answered"],
            "notice": counts["mention:notice"],
            "silent_after_notice": counts["mention:silent"],
            "apology": counts["mention:apology"] + counts["slash:apology"],
            "other": counts["mention:other"] + counts["slash:other"],
        }

    def figures(self) -> dict[str, Any]:
        """Latencies (ms) from dispatch to the request that answered, and throughput."""
        ledger = self.ledger
        replies = sum(o.replies for o in ledger.outcomes)
        span = ledger.span()
        return {
            "replies": replies,
            "span_s": round(span, 2),
            "replies_per_s": round(replies / span, 1) if span else None,
            "mention_answer": summary(ledger.latencies("mention")),
            "ask_ack": summary(ledger.ack_latencies()),
            "ask_answer": summary(ledger.latencies("slash")),
        }


# -- drivers: the stand-in in this process or in its own -----------------------------------------


class Driver(Protocol):
    async def run(self, questions: list[Question], seconds: float, patience: float) -> None:
        """Dispatch the questions, then wait for every reply due (see `due`)."""

    async def requests(self, since: int = 0) -> list[RecordedRequest]: ...

    async def count(self) -> int: ...

    async def problems(self) -> list[str]:
        """The stand-in's OpenAPI check of every request so far."""


@dataclass
class LocalDriver:
    fake: FakeDiscord

    async def run(self, questions: list[Question], seconds: float, patience: float) -> None:
        verdicts = expected_verdicts(questions)
        await dispatch(self.fake, questions, seconds=seconds)
        await await_replies(self.fake, *due(questions, verdicts), timeout=patience)
        await drain(self.fake, questions[0].channel_id)

    async def requests(self, since: int = 0) -> list[RecordedRequest]:
        return self.fake.requests[since:]

    async def count(self) -> int:
        return len(self.fake.log)

    async def problems(self) -> list[str]:
        return [str(p) for p in self.fake.validate_all()]


@dataclass
class RemoteDriver:
    """The stand-in in `python -m tests.reliability._standin`, driven over HTTP."""

    http: aiohttp.ClientSession
    origin: str

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.http.request(method, self.origin + path, **kwargs) as response:
            body = await response.json()
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: {response.status} {body}")
            return body

    async def run(self, questions: list[Question], seconds: float, patience: float) -> None:
        plan_json = [
            {k: v for k, v in asdict(q).items() if k not in ("payload", "sent_at")}
            for q in questions
        ]
        sent = await self._call(
            "POST",
            "/_reliability/burst",
            json={"questions": plan_json, "seconds": seconds, "timeout": patience},
            timeout=aiohttp.ClientTimeout(total=seconds + patience + 120),
        )
        for q, done in zip(questions, sent, strict=True):
            q.payload, q.sent_at = done["payload"], done["sent_at"]

    async def requests(self, since: int = 0) -> list[RecordedRequest]:
        rows = await self._call("GET", f"/_reliability/requests?since={since}")
        return [RecordedRequest(query={}, headers={}, **row) for row in rows]

    async def count(self) -> int:
        return int((await self._call("GET", "/_reliability/count"))["count"])

    async def problems(self) -> list[str]:
        return list((await self._call("GET", "/_loopback/validate"))["problems"])


@dataclass
class Crowd:
    """`users` members asking in `channels` text channels of a connected bot."""

    bot: FactBot
    driver: Driver
    users: list[str]
    channels: list[str]
    clock: ManualClock
    texts: list[str]
    fake: FakeDiscord | None = None  # when the stand-in runs in this process
    bursts: int = 0

    async def burst(
        self,
        count: int,
        *,
        seconds: float,
        timeout: float = 120.0,  # noqa: ASYNC109
    ) -> BurstResult:
        """Ask `count` questions over `seconds`, wait for every reply due, and account
        for each question. The cooldown's clock then moves past the window, so the next
        burst starts afresh."""
        questions = plan(count, self.users, self.channels, self.texts, offset=self.bursts * 7)
        self.bursts += 1
        since = await self.driver.count()
        await self.driver.run(questions, seconds, patience=timeout)
        ledger = Ledger.read(await self.driver.requests(since), questions)
        self.clock.advance(COOLDOWN_SECONDS + 1)
        return BurstResult(questions, expected_verdicts(questions), ledger)


@contextlib.asynccontextmanager
async def crowd(
    *, users: int = 50, channels: int = 10, texts: Sequence[str] | None = None, **bot: Any
) -> AsyncIterator[Crowd]:
    """A bot on an in-process stand-in, with a crowd of members and channels; the
    cooldown keeps the production policy on a clock the bursts move."""
    world = World.default()
    user_ids, channel_ids = populate(world, users=users, channels=channels)
    async with running_bot(world=world, **bot) as h:
        yield Crowd(
            h.bot,
            LocalDriver(h.fake),
            user_ids,
            channel_ids,
            manual_cooldown(h.bot),
            list(texts or question_texts()),
            fake=h.fake,
        )


@contextlib.asynccontextmanager
async def remote_crowd(
    base: FactBase,
    *,
    users: int = 50,
    channels: int = 10,
    view_timeout: float = 600.0,
    **settings: Any,
) -> AsyncIterator[Crowd]:
    """A bot in this process on a stand-in in its own (`_standin.py`), with a crowd."""
    with tempfile.TemporaryDirectory(prefix="factbot-reliability-") as tmp:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.reliability._standin",
            "--users",
            str(users),
            "--channels",
            str(channels),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            cwd=ROOT,
        )
        try:
            assert proc.stdout is not None
            info = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
            options = {"state_dir": Path(tmp), **settings}
            bot_settings = settings_for(
                None, api_base=info["base_url"], token=Secret(info["token"]), **options
            )
            bot = create_bot(bot_settings, base, guild_ready_timeout=0.05)
            bot.view_timeout = view_timeout
            async with (
                aiohttp.ClientSession() as http,
                connected(bot, info["base_url"], token=info["token"]),
            ):
                yield Crowd(
                    bot,
                    RemoteDriver(http, info["origin"]),
                    info["users"],
                    info["channels"],
                    manual_cooldown(bot),
                    question_texts(),
                )
        finally:
            if proc.returncode is None:
                proc.terminate()
                await asyncio.wait_for(proc.wait(), 10)


# -- memory ---------------------------------------------------------------------------------------


def forget_history(fake: FakeDiscord) -> None:
    """Drop an in-process stand-in's own records (request log, messages, replay buffers),
    so that what grows in the process afterwards is the bot. Validate before this."""
    fake.log.requests.clear()
    fake.log._claimed.clear()
    fake.world.messages.clear()
    fake.rest.interactions.clear()
    for session in fake.gateway.sessions.values():
        session.events.clear()
    fake.gateway.suppressed.clear()


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def peak_rss_mb() -> float:
    """The most resident memory this process has had, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def gc_objects() -> int:
    """Objects the garbage collector tracks, after a collection."""
    gc.collect()
    return len(gc.get_objects())


def memory_blocks() -> int:
    """Memory blocks the interpreter holds: unlike `gc.get_objects()`, this counts strings,
    numbers and bytes too, so a growing set of message ids shows."""
    gc.collect()
    return sys.getallocatedblocks()


async def views_released(c: Crowd) -> None:
    """Wait for every answer's view to time out and for its `on_timeout` (which disables
    the buttons on the message) to finish; the view store must then hold none. The store
    is read again until it is empty: a view whose reply was still in flight when the
    burst ended is registered only once Discord has answered the send."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + c.bot.view_timeout + 60
    while views := views_listening(c.bot):
        await asyncio.wait_for(
            asyncio.gather(*(view.wait() for view in views)), deadline - loop.time()
        )
        await asyncio.sleep(0)  # let a view registered meanwhile show in the store
    disabling = [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith("discord-ui-view-timeout-")  # discord.py's name
    ]
    await asyncio.wait_for(asyncio.gather(*disabling), max(1.0, deadline - loop.time()))
    assert live_views(c.bot) == 0, f"{live_views(c.bot)} views still held"


async def connections_closed(bot: FactBot, *, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Wait until aiohttp has closed the bot's idle keep-alive connections to Discord.

    discord.py's connector has no limit, so a burst leaves open as many connections as it
    had requests in flight at once (a dozen to over 150; 160 held 3,900 objects and 1.2 MB
    with their parsers and buffers); aiohttp closes each after 15 s idle,
    checking every 15 s. Their number follows the timing of the last seconds, not the
    questions served, so memory is compared once they are gone.
    """
    connector = bot.http.connector
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while idle := sum(len(c) for c in getattr(connector, "_conns", {}).values()):
        if loop.time() > deadline:
            raise TimeoutError(f"{idle} idle HTTP connections still open after {timeout:.0f}s")
        await asyncio.sleep(0.25)


def live_bytes() -> int:
    """Bytes of the Python objects allocated since tracemalloc started and still alive,
    after a collection. Unlike the resident size, this is what the process holds, not
    what the allocator has kept from the system after the objects were freed."""
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def grown_where(before: Path, after: tracemalloc.Snapshot, top: int = 8) -> str:
    """The source lines whose live allocations grew most from the snapshot dumped at
    `before` to `after`, for a failure message (tracemalloc's own lines left out)."""
    mine = [tracemalloc.Filter(False, tracemalloc.__file__)]
    old = tracemalloc.Snapshot.load(str(before)).filter_traces(mine)
    stats = after.filter_traces(mine).compare_to(old, "lineno")[:top]
    return "; ".join(
        f"{s.traceback[0].filename}:{s.traceback[0].lineno} {s.size_diff / 1024:+.1f} KB "
        f"({s.count_diff:+d} blocks)"
        for s in stats
    )


def live_views(bot: FactBot) -> int:
    """Messages whose buttons the bot is still listening to."""
    return len(bot._connection._view_store._views)


def views_listening(bot: FactBot) -> list[discord.ui.View]:
    """The views behind those buttons."""
    store = bot._connection._view_store
    found = {id(i.view): i.view for items in store._views.values() for i in items.values()}
    return [v for v in found.values() if isinstance(v, discord.ui.View)]


def stored_views(
    bot: FactBot, then: Callable[[discord.ui.View], None] | None = None
) -> asyncio.Queue[discord.ui.View]:
    """Each view the bot registers from now on (to listen to its buttons); or, given
    `then`, nothing queued (which would keep the views alive) but `then` called on each."""
    store = bot._connection._view_store
    added: asyncio.Queue[discord.ui.View] = asyncio.Queue()
    original = store.add_view

    def add_view(view: Any, message_id: int | None = None) -> None:
        original(view, message_id)
        if then is None:
            added.put_nowait(view)
        else:
            then(view)

    store.add_view = add_view  # type: ignore[method-assign]
    return added


def watch_timeout(view: discord.ui.View) -> tuple[asyncio.Event, list[BaseException]]:
    """Set when the view's on_timeout has finished, with what it raised (discord.py runs
    it as a task nobody awaits: anything raised would be an unhandled task error)."""
    finished, raised = asyncio.Event(), list[BaseException]()
    original = view.on_timeout

    async def watched() -> None:
        try:
            await original()
        except Exception as exc:
            raised.append(exc)
        finally:
            finished.set()

    view.on_timeout = watched  # type: ignore[method-assign]
    return finished, raised
