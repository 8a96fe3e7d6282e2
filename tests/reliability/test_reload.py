"""/reload under load and with a broken fact base.

While questions are being answered, the admin switches the bot between two editions of
the same fact base, every fact text and every headline tagged with its edition: each
reply must show one edition only (a reply mixing the old facts with the new articles, or
the reverse, would show both tags). A reload that finds a problem (broken YAML, a quote
no longer in its article, an article file gone) leaves the old base answering and shows
the admin what is wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core import FactBase, load_fact_base
from bot.core.matcher import Matcher
from tests.helpers import DATA, embed_text
from tests.loopback import FakeDiscord, RecordedRequest
from tests.loopback import payloads as pl
from tests.reliability._burst import BurstResult, crowd
from tests.reliability.conftest import LogCatcher

JSON = dict[str, Any]
MANAGE_GUILD = 1 << 5
EDITION = re.compile(r"\[edition ([AB])\]")
#: How people ask about the lighthouse (the facts' own `questions:`), and a timeline. Each
#: is answered with facts (none is an abstention), so every answer shows an edition tag.
QUESTIONS = [
    "who built the lighthouse",
    "when was the lighthouse switched off",
    "who founded the friends of the lighthouse",
    "how much rent do the friends pay for the tower",
    "when did the restoration of the lighthouse begin",
    "what did the storm damage",
    "when did the keeper's cottage museum open",
    "when was the lighthouse lamp lit again",
    "what did mara quill say about the lighthouse",
    "timeline of the lighthouse",
]


def edition(root: Path, tag: str) -> Path:
    """A copy of the lighthouse fact base with every fact text, claim and headline tagged
    "[edition <tag>]"; the quotes and articles unchanged, so it is valid."""
    target = root / tag
    shutil.copytree(DATA, target)
    story_path = target / "facts" / "lighthouse.yaml"
    story = yaml.safe_load(story_path.read_text(encoding="utf-8"))
    for fact in story["facts"]:
        fact["text"] = f"{fact['text']} [edition {tag}]"
        for claim in (fact.get("conflict") or {}).get("claims", []):
            claim["text"] = f"{claim['text']} [edition {tag}]"
    story_path.write_text(yaml.safe_dump(story, sort_keys=False, allow_unicode=True))
    articles_path = target / "seeds" / "articles.yaml"
    articles = yaml.safe_load(articles_path.read_text(encoding="utf-8"))
    for article in articles["articles"]:
        article["headline"] = f"{article['headline']} [edition {tag}]"
    articles_path.write_text(yaml.safe_dump(articles, sort_keys=False, allow_unicode=True))
    return target


def point(live: Path, target: Path) -> None:
    """Make `live` (a symlink) point at `target`, atomically."""
    fresh = live.with_name(live.name + ".new")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target)
    fresh.replace(live)


async def reload_as_manager(fake: FakeDiscord, user_id: str) -> JSON:
    """/reload by a member with Manage Server; the report that replaces "thinking…" (or a
    follow-up, which is how an apology would come)."""
    payload = fake.slash_interaction_payload("reload", user=user_id)
    member = payload["member"]
    member["permissions"] = str(int(member["permissions"]) | MANAGE_GUILD)
    await fake.dispatch("INTERACTION_CREATE", payload)
    report = await fake.wait_for_request(
        None,
        re.compile(rf"/webhooks/[^/]+/{re.escape(payload['token'])}(/messages/@original)?"),
        status=200,
        where=lambda r: r.method in ("PATCH", "POST"),
        timeout=30,
    )
    body: JSON = report.json
    return body


async def ask(fake: FakeDiscord, question: str) -> str:
    """A mention from someone outside the crowd (whose cooldown windows the bursts plan
    for); the text of the bot's reply."""
    asked = await fake.send_message(question, author=pl.user("bystander"), mention_bot=True)
    reply = await fake.wait_for_request(
        "POST",
        "/channels/{id}/messages",
        status=200,
        where=lambda r: (
            str((r.json.get("message_reference") or {}).get("message_id")) == asked["id"]
        ),
        timeout=30,
    )
    return embed_text(reply.json["embeds"][0])


def shown(req: RecordedRequest) -> str | None:
    """The text of the embeds an answer shows its asker, whichever way it came: a reply to
    a mention, an interaction callback (`data`), or an /ask's edit or follow-up; None
    for a request that shows no embed (a "thinking…", a notice, anything else)."""
    if req.status is None or req.status >= 300 or not isinstance(req.json, dict):
        return None
    body = req.json.get("data") if req.path.endswith("/callback") else req.json
    embeds = (body or {}).get("embeds")
    return "\n".join(embed_text(e) for e in embeds) if embeds else None


def editions_shown(result: BurstResult) -> tuple[dict[str, int], list[str]]:
    """How many answers of the burst showed edition A, and B; and every answer that showed
    both, or neither (each question here is answered with facts, so an answer without a
    tag is as wrong as one with two)."""
    seen = {"A": 0, "B": 0}
    wrong = []
    for outcome in result.ledger.outcomes:
        for req in outcome.answers:
            tags = set(EDITION.findall(shown(req) or ""))
            if len(tags) == 1:
                seen[tags.pop()] += 1
            else:
                q = outcome.question
                wrong.append(f"#{q.index} ({q.kind}, {req.method} {req.path}): {sorted(tags)}")
    return seen, wrong


async def until_shown(
    fake: FakeDiscord, since: int, tag: str, burst: asyncio.Future[BurstResult]
) -> None:
    """Until a request after the `since`th has answered a question with edition `tag`; an
    AssertionError if the burst ends first."""
    while not any(f"[edition {tag}]" in (shown(r) or "") for r in fake.requests[since:]):
        assert not burst.done(), f"the burst ended before any answer from edition {tag}"
        await asyncio.sleep(0.01)


async def _reload_under_load(tmp_path: Path, count: int, reloads: int, logs: LogCatcher) -> None:
    a, b = edition(tmp_path, "A"), edition(tmp_path, "B")
    live = tmp_path / "live"
    point(live, a)
    base_a: FactBase = load_fact_base(live / "facts", live / "seeds")
    async with crowd(
        texts=QUESTIONS,
        base=base_a,
        matcher=Matcher(base_a),
        facts_dir=live / "facts",
        seeds_dir=live / "seeds",
    ) as c:
        assert c.fake is not None
        fake = c.fake
        assert set(EDITION.findall(await ask(fake, QUESTIONS[0]))) == {"A"}
        # Fifty questions a second: a reload (loading and indexing an edition) takes a few
        # tenths of a second here, and each waits for an answer from the edition before it,
        # so a burst twice as fast could end before the last reload has been seen.
        seconds = count / 50
        loop = asyncio.get_running_loop()
        start = loop.time()
        burst = asyncio.ensure_future(c.burst(count, seconds=seconds))

        async def switch_editions() -> list[str]:
            """Reloads spread over the burst. Each waits until the burst has been answered
            from the edition now live (so both editions are seen whatever the timing)
            and is followed by a question that must be answered from the new one."""
            reports = []
            since, now = len(fake.requests), "A"
            for n in range(reloads):
                await asyncio.sleep(start + (n + 1) * seconds / (reloads + 2) - loop.time())
                await until_shown(fake, since, now, burst)
                now = "B" if now == "A" else "A"
                point(live, b if now == "B" else a)
                report = await reload_as_manager(fake, c.users[-1])
                reports.append(embed_text(report["embeds"][0]))
                after = await ask(fake, QUESTIONS[n % len(QUESTIONS)])
                assert set(EDITION.findall(after)) == {now}, (n, after)
                since = len(fake.requests)
            return reports

        try:
            reports = await switch_editions()
        except BaseException:
            burst.cancel()
            with contextlib.suppress(BaseException):
                await burst
            raise
        result = await burst
        assert all(r.startswith("Reloaded") for r in reports), reports
        assert result.problems() == []
        seen, wrong = editions_shown(result)
        assert wrong == [], f"answers showing two editions, or none: {wrong}"
        assert seen["A"] > 0 and seen["B"] > 0, seen

        point(live, b)
        await reload_as_manager(fake, c.users[-1])
        assert set(EDITION.findall(await ask(fake, QUESTIONS[1]))) == {"B"}
    assert logs.errors() == []


async def test_every_reply_comes_wholly_from_one_edition_across_reloads(
    tmp_path: Path, logs: LogCatcher
) -> None:
    await _reload_under_load(tmp_path, 100, 3, logs)


@pytest.mark.slow
async def test_twenty_reloads_during_a_1000_question_burst(
    tmp_path: Path, logs: LogCatcher
) -> None:
    await _reload_under_load(tmp_path, 1000, 20, logs)


def _break_yaml(data: Path) -> str:
    (data / "facts" / "lighthouse.yaml").write_text("facts:\n  - id: [unclosed\n")
    return "lighthouse.yaml"


def _break_quote(data: Path) -> str:
    story = data / "facts" / "lighthouse.yaml"
    text = story.read_text(encoding="utf-8")
    story.write_text(
        text.replace("by the engineer Thomas Greer.", "by the architect Thomas Greer.")
    )
    return "architect"


def _delete_article(data: Path) -> str:
    (data / "seeds" / "council.txt").unlink()
    return "council.txt"


def _delete_facts(data: Path) -> str:
    shutil.rmtree(data / "facts")
    return "facts"


def _garble_article(data: Path) -> str:
    (data / "seeds" / "council.txt").write_bytes(b"\xff\xfe not UTF-8 \x80\x81")
    return "council.txt"


BREAKAGES = [
    pytest.param(_break_yaml, id="broken-yaml"),
    pytest.param(_break_quote, id="quote-not-in-article"),
    pytest.param(_delete_article, id="article-file-deleted"),
    pytest.param(_delete_facts, id="facts-directory-deleted"),
    pytest.param(_garble_article, id="article-not-utf8"),
]


@pytest.mark.parametrize("breakage", BREAKAGES)
async def test_a_broken_fact_base_is_refused_and_the_old_one_keeps_answering(
    breakage: Any, tmp_path: Path, logs: LogCatcher
) -> None:
    """The admin sees what is wrong, in the words `factbot check` uses; every question
    asked before, during and after the refused reload is answered from the old base."""
    data = edition(tmp_path, "A")
    base = load_fact_base(data / "facts", data / "seeds")
    dirs: dict[str, Any] = {"facts_dir": data / "facts", "seeds_dir": data / "seeds"}
    async with crowd(texts=QUESTIONS, base=base, matcher=Matcher(base), **dirs) as c:
        assert c.fake is not None
        fake = c.fake
        before = c.bot.knowledge
        culprit = breakage(data)

        async def reload_midway() -> tuple[str, float]:
            """Once the burst's first answer is out: /reload; the admin's report, and
            when it came."""
            await fake.wait_for_request(where=lambda r: shown(r) is not None, timeout=30)
            report = await reload_as_manager(fake, c.users[-1])
            return embed_text(report["embeds"][0]), time.monotonic()

        result, (report, reported_at) = await asyncio.gather(
            c.burst(50, seconds=0.5), reload_midway()
        )
        assert report.startswith("Reload failed: still answering from the previous facts")
        assert culprit in report
        assert c.bot.knowledge is before
        assert result.problems() == []
        # Every question (50 users, one each: no cooldown) answered with facts, and every
        # answer (mention replies, /ask callbacks, edits and follow-ups) from edition A.
        assert result.accounted()["answered"] == 50
        seen, wrong = editions_shown(result)
        assert wrong == [] and seen == {"A": 50, "B": 0}, (seen, wrong)
        # The reload came after the first answer; questions were still being asked
        # after its report, so the refused reload landed mid-burst.
        assert max(q.sent_at for q in result.questions) > reported_at
        text = await ask(fake, "who built the lighthouse")
        assert "engineer Thomas Greer" in text and "[edition A]" in text
    assert logs.errors() == []
