"""Helpers for the Discord front end's tests: the real bot on the loopback stand-in.

`running_bot()` starts a `FakeDiscord`, connects an unmodified discord.py `FactBot` to it
(the lighthouse fact base in tests/exts/data unless told otherwise), and on exit checks
that every request the bot made validates against Discord's OpenAPI document. `Harness`
wraps the stand-in calls a test makes: say something, run a slash command, click a button,
and read what the bot sent back.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.client import FactBot, create_bot
from bot.core import FactBase, load_fact_base
from bot.core.matcher import Matcher
from bot.exts import EXTENSIONS
from bot.health import HealthServer
from bot.settings import Secret, Settings
from tests.loopback import FakeDiscord, RecordedRequest, World, connected
from tests.loopback import payloads as pl

JSON = dict[str, Any]
DATA = Path(__file__).resolve().parent / "exts" / "data"
FACTS, SEEDS = DATA / "facts", DATA / "seeds"
WRENFIELD = Path(__file__).resolve().parent / "data" / "wrenfield"
MESSAGES = "/channels/{channel_id}/messages"
ORIGINAL = "/webhooks/{app_id}/{token}/messages/@original"
FOLLOWUP = "/webhooks/{app_id}/{token}"
# The lighthouse articles as a reader sees them cited (tests/exts/data/seeds/articles.yaml).
LIGHTHOUSE_CITATION = "Harbourview lighthouse shines again — The Harbourview Herald, June 20, 2021"
COUNCIL_CITATION = "Council hails lighthouse volunteers — Bay Courier, June 2021"


@functools.cache
def lighthouse_base() -> FactBase:
    """The invented fact base the Discord tests ask about (loaded once; it is immutable)."""
    return load_fact_base(FACTS, SEEDS)


@functools.cache
def wrenfield_base() -> FactBase:
    """The invented fact base the matcher's tests ask about (a town's flood; loaded once)."""
    return load_fact_base(WRENFIELD / "facts", WRENFIELD / "seeds")


def settings_for(fake: FakeDiscord | None = None, **overrides: Any) -> Settings:
    token = Secret(fake.token) if fake is not None else Secret("test-token")
    values: dict[str, Any] = {
        "facts_dir": FACTS,
        "seeds_dir": SEEDS,
        "token": token,
        "api_base": fake.base_url if fake is not None else "http://127.0.0.1:9/api/v10",
    }
    values.update(overrides)
    return Settings(**values)


def add_human(world: World, name: str, guild_id: str | None = None) -> JSON:
    """Another (non-owner) member of a guild; returns the user object."""
    user = pl.user(name)
    world.guild(guild_id)["members"].append(pl.member(user))
    return user


def embed_text(embed: JSON) -> str:
    """Everything a reader sees in an embed, as one string."""
    parts = [embed.get("title") or "", embed.get("description") or ""]
    for field in embed.get("fields", []):
        parts += [field["name"], field["value"]]
    parts.append((embed.get("footer") or {}).get("text", ""))
    parts.append((embed.get("author") or {}).get("name", ""))
    return "\n".join(p for p in parts if p)


def limit_problems(embeds: Sequence[JSON]) -> list[str]:
    """Every way `embeds` (one message's) break Discord's documented embed limits."""
    problems = []
    for embed in embeds:
        for key, limit in (("title", 256), ("description", 4096)):
            if len(embed.get(key) or "") > limit:
                problems.append(f"{key} longer than {limit}")
        if len((embed.get("footer") or {}).get("text", "")) > 2048:
            problems.append("footer longer than 2048")
        if len((embed.get("author") or {}).get("name", "")) > 256:
            problems.append("author name longer than 256")
        fields = embed.get("fields", [])
        if len(fields) > 25:
            problems.append(f"{len(fields)} fields, more than 25")
        for field in fields:
            if not 1 <= len(field["name"]) <= 256:
                problems.append(f"field name of {len(field['name'])} characters")
            if not 1 <= len(field["value"]) <= 1024:
                problems.append(f"field value of {len(field['value'])} characters")
    total = sum(
        len(e.get("title") or "")
        + len(e.get("description") or "")
        + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
        + len((e.get("footer") or {}).get("text", ""))
        + len((e.get("author") or {}).get("name", ""))
        for e in embeds
    )
    if total > 6000:
        problems.append(f"embeds total {total} characters, more than 6000")
    return problems


def buttons(message: JSON) -> dict[str, JSON]:
    """The message's buttons by label (or emoji name for an icon-only button)."""
    found: dict[str, JSON] = {}
    for row in message.get("components", []):
        for item in row.get("components", []):
            if item.get("type") == 2:
                key = item.get("label") or (item.get("emoji") or {}).get("name", "")
                found[key] = item
    return found


@dataclasses.dataclass
class Harness:
    """A connected bot and the stand-in it talks to."""

    fake: FakeDiscord
    bot: FactBot

    @property
    def world(self) -> World:
        return self.fake.world

    async def say(self, content: str, **kwargs: Any) -> JSON:
        """A user posts a message (kwargs of `FakeDiscord.message_payload`)."""
        return await self.fake.send_message(content, **kwargs)

    async def sent(self, *, timeout: float = 5.0) -> RecordedRequest:  # noqa: ASYNC109
        """The next message the bot created in a channel."""
        return await self.fake.wait_for_request("POST", MESSAGES, status=200, timeout=timeout)

    async def slash(self, name: str, options: Any = None, **kwargs: Any) -> JSON:
        return await self.fake.invoke_slash(name, options, **kwargs)

    async def callback(self, payload: JSON) -> RecordedRequest:
        """The bot's (first) response to an interaction."""
        return await self.fake.wait_for_request("POST", f"/interactions/{payload['id']}/*/callback")

    async def edited_original(self, payload: JSON) -> RecordedRequest:
        """The edit that replaces a deferred "thinking…" response."""
        return await self.fake.wait_for_request(
            "PATCH", f"/webhooks/*/{payload['token']}/messages/@original", status=200
        )

    async def followup(self, payload: JSON) -> RecordedRequest:
        return await self.fake.wait_for_request(
            "POST", f"/webhooks/*/{payload['token']}", status=200
        )

    def message(self, message_id: str) -> JSON:
        """A message as the stand-in holds it now (after any edits)."""
        return self.world.messages[message_id]

    async def click(self, message: JSON, label: str, *, user: JSON | None = None) -> JSON:
        """Press the button labelled `label` on `message`; the interaction payload."""
        button = buttons(message)[label]
        payload = self.fake.component_interaction_payload(
            button["custom_id"], message=message, user=user
        )
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def autocomplete(self, name: str, focused: str, value: str) -> list[JSON]:
        payload = self.fake.autocomplete_interaction_payload(name, focused, value)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        response = await self.callback(payload)
        choices: list[JSON] = response.json["data"]["choices"]
        return choices


@contextlib.asynccontextmanager
async def running_bot(
    *,
    world: World | None = None,
    base: FactBase | None = None,
    matcher: Matcher | None = None,
    view_timeout: float = 60.0,
    validate: bool = True,
    **settings: Any,
) -> AsyncIterator[Harness]:
    """A FactBot connected to a fresh stand-in; validates every request on the way out."""
    state = tempfile.TemporaryDirectory(prefix="factbot-state-")
    settings.setdefault("state_dir", Path(state.name))
    async with FakeDiscord(world, heartbeat_interval_ms=500) as fake:
        bot = create_bot(
            settings_for(fake, **settings),
            base or lighthouse_base(),
            guild_ready_timeout=0.05,
        )
        bot.view_timeout = view_timeout
        if matcher is not None:
            bot.knowledge = dataclasses.replace(bot.knowledge, matcher=matcher)
        try:
            async with connected(bot, fake):  # setup_hook (and the sync) ran before on_ready
                yield Harness(fake, bot)
        finally:
            state.cleanup()
        if validate:
            problems = fake.validate_all()
            assert problems == [], "\n".join(map(str, problems))


async def create_bot_offline(**settings: Any) -> FactBot:
    """A FactBot with its extensions loaded but never connected (close it after use)."""
    bot = create_bot(settings_for(**settings), lighthouse_base())
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    return bot


@contextlib.asynccontextmanager
async def serving_health(bot: FactBot) -> AsyncIterator[str]:
    """The bot's /healthz and /metrics on a free loopback port; yields the base URL."""
    server = HealthServer(bot.snapshot, bot.metrics.registry, port=0)
    await server.start()
    try:
        yield server.url
    finally:
        await server.stop()


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(url: str) -> Samples:
    """GET {url}/metrics, parsed as Prometheus does: {(sample name, labels): value}."""
    async with aiohttp.ClientSession() as http, http.get(url + "/metrics") as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def sample(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))


async def settle(seconds: float = 0.2) -> None:
    """Let in-flight handlers finish (to show that nothing more is sent)."""
    await asyncio.sleep(seconds)


def record_hashes(seeds: Path) -> None:
    """Record each article's sha256 in a copied base's manifest, as `factbot add` does, so
    that a later change to an article suspends facts instead of failing the base."""
    from bot.core import text_sha256

    manifest = seeds / "articles.yaml"
    lines = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        lines.append(line)
        if line.strip().startswith("file: "):
            text = (seeds / line.split("file: ")[1].strip()).read_text(encoding="utf-8")
            lines.append(f"    sha256: {text_sha256(text)}")
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextlib.asynccontextmanager
async def curator_bot(
    facts: Path, seeds: Path, world: World | None = None
) -> AsyncIterator[tuple[Harness, JSON]]:
    """The bot on a copied fact base, with a member in FACTBOT_ADMIN_IDS: the curator who
    may /reload and /review (yielded beside the harness)."""
    world = world or World.default()
    curator = add_human(world, "curator")
    async with running_bot(
        world=world, facts_dir=facts, seeds_dir=seeds, admin_ids=(int(curator["id"]),)
    ) as h:
        yield h, curator
