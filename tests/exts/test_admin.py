"""/reload: validate first, keep the old base on failure, swap atomically on success."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import (
    DATA,
    add_human,
    curator_bot,
    embed_text,
    record_hashes,
    running_bot,
    settle,
)
from tests.loopback import World

PASSWD_FIRST_LINE = Path("/etc/passwd").read_text().splitlines()[0]


def _copy_base(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data" / "facts", tmp_path / "data" / "seeds"


async def test_a_broken_reload_keeps_the_old_base_and_shows_the_problems(tmp_path: Path) -> None:
    facts, seeds = _copy_base(tmp_path)
    async with curator_bot(facts, seeds) as (h, admin):
        story = facts / "lighthouse.yaml"
        story.write_text(story.read_text().replace("date: 1894", "date: 18-94"))
        payload = await h.slash("reload", user=admin["id"])
        assert (await h.callback(payload)).json["data"]["flags"] == 64  # deferred, ephemeral
        report = await h.edited_original(payload)
        text = embed_text(report.json["embeds"][0])
        assert "lighthouse.yaml" in text and "18-94" in text
        assert "still answering" in text
        footer = report.json["embeds"][0]["footer"]["text"]
        assert "factbot check" in footer and "`" not in footer  # footers show no markdown

        await h.say("who built the lighthouse?", mention_bot=True)
        assert "built in 1894" in embed_text((await h.sent()).json["embeds"][0])


async def test_a_good_reload_answers_from_the_new_facts(tmp_path: Path) -> None:
    facts, seeds = _copy_base(tmp_path)
    async with curator_bot(facts, seeds) as (h, admin):
        before = h.bot.knowledge
        story = facts / "lighthouse.yaml"
        story.write_text(
            story.read_text().replace("the engineer Thomas Greer and", "Thomas Greer and")
        )
        payload = await h.slash("reload", user=admin["id"])
        report = await h.edited_original(payload)
        assert "13 facts" in embed_text(report.json["embeds"][0])
        assert h.bot.knowledge is not before
        assert h.bot.knowledge.matcher.base is h.bot.knowledge.base

        await h.say("who built the lighthouse?", mention_bot=True)
        text = embed_text((await h.sent()).json["embeds"][0])
        assert "by Thomas Greer and" in text and "engineer" not in text


async def test_reload_by_a_member_without_manage_server_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.exts.errors")
    world = World.default()
    member = add_human(world, "member")
    async with running_bot(world=world) as h:
        before = h.bot.knowledge
        response = await h.callback(await h.slash("reload", user=member["id"]))
        data = response.json["data"]
        assert data["flags"] == 64 and "Manage Server" in data["content"]
        assert h.bot.knowledge is before
    [refused] = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused.startswith(f"refused /reload for user {member['id']}")  # one slash


async def test_reload_by_a_member_with_manage_server_is_allowed() -> None:
    world = World.default()
    manager = add_human(world, "manager")
    async with running_bot(world=world) as h:
        payload = h.fake.slash_interaction_payload("reload", user=manager["id"])
        payload["member"]["permissions"] = str(int(payload["member"]["permissions"]) | 1 << 5)
        await h.fake.dispatch("INTERACTION_CREATE", payload)
        report = await h.edited_original(payload)
        assert "Reloaded" in embed_text(report.json["embeds"][0])


async def test_a_reload_of_hostile_files_names_them_and_shows_nothing_of_their_targets(
    tmp_path: Path,
) -> None:
    """A story linked to /etc/passwd, a 100,000-digit date and a FIFO: the reply lists each
    as a problem (no "Sorry, something went wrong", nothing of /etc/passwd) and the bot
    keeps answering from the old facts."""
    facts, seeds = _copy_base(tmp_path)
    async with curator_bot(facts, seeds) as (h, admin):
        (facts / "passwd.yaml").symlink_to("/etc/passwd")
        os.mkfifo(facts / "pipe.yaml")
        story = facts / "lighthouse.yaml"
        story.write_text(story.read_text().replace("date: 1894", "date: " + "9" * 100_000))
        payload = await h.slash("reload", user=admin["id"])
        report = await h.edited_original(payload)
        text = embed_text(report.json["embeds"][0])
        assert "passwd.yaml" in text and "outside" in text
        assert "pipe.yaml" in text and "FIFO" in text
        assert "lighthouse.yaml" in text and "too long" in text
        assert PASSWD_FIRST_LINE not in text
        assert "went wrong" not in text

        await h.say("who built the lighthouse?", mention_bot=True)
        assert "built in 1894" in embed_text((await h.sent()).json["embeds"][0])


def _reword_the_founding(seeds: Path) -> None:
    """Change the article so that the quote of fact 'friends-founded' no longer holds."""
    article = seeds / "lighthouse.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("founded the Friends", "started the Friends"), encoding="utf-8")


async def test_a_reload_after_an_article_changed_suspends_its_fact_and_corrects_the_answer(
    tmp_path: Path,
) -> None:
    """The article behind an answer given earlier changes so that its quote no longer
    holds: the reload suspends exactly that fact (and says so), and posts one correction
    under the answer that gave it, none under an answer from the unchanged article."""
    facts, seeds = _copy_base(tmp_path)
    record_hashes(seeds)
    async with curator_bot(facts, seeds) as (h, admin):
        await h.say("who founded the friends of the lighthouse?", mention_bot=True)
        founded = (await h.sent()).response
        await h.say("what did councillor brandt say about the volunteers?", mention_bot=True)
        proud = (await h.sent()).response
        assert "Ivo Brandt" in embed_text(proud["embeds"][0])

        _reword_the_founding(seeds)
        payload = await h.slash("reload", user=admin["id"])
        report = embed_text((await h.edited_original(payload)).json["embeds"][0])
        assert "suspended: fact 'friends-founded'" in " ".join(report.split())
        assert "Posted a correction under 1 earlier answer" in report

        correction = await h.sent()
        assert str(correction.json["message_reference"]["message_id"]) == founded["id"]
        assert "Correction" in correction.json["content"]
        assert "Mara Quill founded the Friends" in correction.json["content"]
        assert correction.json["allowed_mentions"]["parse"] == []
        assert h.bot.metrics.registry.get_sample_value("factbot_corrections_total") == 1

        await h.slash("reload", user=admin["id"])  # nothing new changed: nothing corrected
        await settle()
        assert h.bot.metrics.registry.get_sample_value("factbot_corrections_total") == 1


async def test_a_reload_corrects_a_public_slash_answer_but_not_a_private_one(
    tmp_path: Path,
) -> None:
    """/ask answers are remembered like mention answers: after the reload that suspends
    their fact, the public one gets a correction under it; the private one, which only its
    asker ever saw and which cannot be replied to, does not."""
    facts, seeds = _copy_base(tmp_path)
    record_hashes(seeds)
    async with curator_bot(facts, seeds) as (h, admin):
        question = {"question": "who founded the friends of the lighthouse?"}
        public = await h.edited_original(await h.slash("ask", question))
        await h.edited_original(await h.slash("ask", {**question, "private": True}))

        _reword_the_founding(seeds)
        payload = await h.slash("reload", user=admin["id"])
        report = embed_text((await h.edited_original(payload)).json["embeds"][0])
        assert "Posted a correction under 1 earlier answer" in report
        correction = await h.sent()
        assert str(correction.json["message_reference"]["message_id"]) == public.response["id"]
        assert "Correction" in correction.json["content"]
