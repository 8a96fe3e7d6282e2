"""/review through the loopback stand-in: a curator decides on drafts with buttons, then
publishes, and the bot answers from the new facts at once (a validated reload)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.cli import main
from tests.conftest import DATA as TEST_DATA
from tests.helpers import DATA, add_human, buttons, curator_bot, embed_text, running_bot
from tests.loopback import World

ARTICLE = TEST_DATA / "curation" / "millbrook-solar.txt"
ID = "millbrook-solar"


def _drafted(tmp_path: Path) -> tuple[Path, Path]:
    """The Wrenfield base with the invented Millbrook article added and drafted."""
    shutil.copytree(DATA, tmp_path / "data")
    facts, seeds = tmp_path / "data" / "facts", tmp_path / "data" / "seeds"
    for command in (["add", str(ARTICLE), "--id", ID], ["draft", ID]):
        assert main([command[0], "--facts", str(facts), "--seeds", str(seeds), *command[1:]]) == 0
    return facts, seeds


async def test_a_curator_reviews_with_buttons_publishes_and_the_bot_answers_from_it(
    tmp_path: Path,
) -> None:
    facts, seeds = _drafted(tmp_path)
    world = World.default()
    bystander = add_human(world, "bystander")
    async with curator_bot(facts, seeds, world) as (h, curator):
        first = await h.callback(await h.slash("review", {"article": ID}, user=curator["id"]))
        data = first.json["data"]
        assert data["flags"] == 64  # only the curator sees it
        assert data["content"].startswith("Draft 1 of 12")
        assert set(buttons(data)) == {"Accept", "New fact", "Skip"}
        message = h.message(first.response["resource"]["message"]["id"])

        refused = await h.callback(await h.click(message, "Accept", user=bystander))
        assert "Only the curator" in refused.json["data"]["content"]

        for n in range(2, 13):
            pressed = await h.callback(
                await h.click(h.message(message["id"]), "Accept", user=curator)
            )
            assert pressed.json["type"] == 7  # the same message, updated in place
            assert pressed.json["data"]["content"].startswith(f"Draft {n} of 12")
        done = await h.callback(await h.click(h.message(message["id"]), "Accept", user=curator))
        assert set(buttons(done.json["data"])) == {"Publish", "Later"}

        before = h.bot.knowledge
        publish = await h.click(h.message(message["id"]), "Publish", user=curator)
        await h.callback(publish)
        report = await h.edited_original(publish)
        assert report.json["content"].startswith(f"Published '{ID}': 12 new fact(s)")
        assert h.bot.knowledge is not before

        await h.say("who opened the floating solar farm at the reservoir?", mention_bot=True)
        answer = embed_text((await h.sent()).json["embeds"][0])
        assert "Edith Carrow" in answer


async def test_review_is_refused_to_a_member_without_manage_server(tmp_path: Path) -> None:
    facts, seeds = _drafted(tmp_path)
    world = World.default()
    member = add_human(world, "member")
    async with running_bot(world=world, facts_dir=facts, seeds_dir=seeds) as h:
        response = await h.callback(await h.slash("review", {"article": ID}, user=member["id"]))
        assert "Manage Server" in response.json["data"]["content"]
        assert response.json["data"]["flags"] == 64


async def test_review_of_an_article_without_drafts_lists_those_with_some(tmp_path: Path) -> None:
    facts, seeds = _drafted(tmp_path)
    async with curator_bot(facts, seeds) as (h, curator):
        response = await h.callback(
            await h.slash("review", {"article": "nothing-here"}, user=curator["id"])
        )
        assert f"Articles with drafts: {ID}" in response.json["data"]["content"]
