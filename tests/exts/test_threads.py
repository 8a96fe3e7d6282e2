"""Thread mode (FACTBOT_THREAD_CHANNEL_IDS), with the real bot on the loopback stand-in:
a question opens a thread holding its answer, the thread takes follow-ups without a
mention, each member's context stays their own, and a channel where no thread can be
started gets a reply as before.

The fact base is tests/exts/data (an invented lighthouse story); expected texts come from
its YAML files.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.exts._threads import NAME_LIMIT, thread_name
from tests.helpers import (
    MESSAGES,
    Harness,
    add_human,
    buttons,
    embed_text,
    running_bot,
    settle,
)
from tests.loopback import World
from tests.loopback import payloads as pl

THREADS = "/channels/{channel_id}/messages/{message_id}/threads"
FOUNDED = "Mara Quill founded the Friends of the Lighthouse in March 2015 to save the tower."
BUILT = "The Harbourview lighthouse was built in 1894"
ASKED = "who founded the friends of the lighthouse?"
ARCHIVE_MINUTES = (60, 1440, 4320, 10080)  # the durations Discord accepts


def general(world: World) -> str:
    return str(world.text_channel(name="general")["id"])


def thread_mode(world: World, **settings: Any) -> Any:
    """The bot with thread mode in #general, reading every message (Message Content)."""
    return running_bot(
        world=world,
        thread_channel_ids=(int(general(world)),),
        message_content=True,
        **settings,
    )


async def answer_in(h: Harness, channel_id: str) -> str:
    """The text of the next message the bot sent, which must be in `channel_id`."""
    sent = await h.sent()
    assert sent.path.split("/")[2] == channel_id
    [embed] = sent.json["embeds"]
    return embed_text(embed)


async def test_a_question_opens_one_thread_named_after_it_with_the_answer_inside() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        asked = await h.say(ASKED, mention_bot=True)
        started = await h.fake.wait_for_request("POST", THREADS, status=201)
        assert started.path == f"/channels/{general(world)}/messages/{asked['id']}/threads"
        assert started.json["name"] == ASKED
        assert started.json["auto_archive_duration"] in ARCHIVE_MINUTES
        thread = started.response
        assert thread["type"] == pl.PUBLIC_THREAD and thread["parent_id"] == general(world)
        assert thread["owner_id"] == world.bot_id
        sent = await h.sent()
        assert sent.path == f"/channels/{thread['id']}/messages"
        assert FOUNDED in embed_text(sent.json["embeds"][0])
        assert sent.json["allowed_mentions"] == {"parse": []}  # pings nobody
        assert "Sources" in buttons(sent.json)
        await settle()
        assert len(h.fake.find_requests("POST", THREADS)) == 1
        assert h.fake.find_requests("POST", MESSAGES, where=in_channel(general(world))) == []


async def test_the_answers_buttons_work_inside_the_thread() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        answer = (await h.sent()).response
        sources = await h.callback(await h.click(h.message(answer["id"]), "Sources"))
        assert sources.json["data"]["flags"] == pl.EPHEMERAL
        assert "March 2015" in embed_text(sources.json["data"]["embeds"][0])


async def test_a_message_in_the_thread_is_a_follow_up_without_a_mention() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        thread_id = (await h.sent()).response["channel_id"]
        follow_up = await h.say("and when was that?", channel_id=thread_id)
        sent = await h.sent()
        assert sent.path == f"/channels/{thread_id}/messages"
        assert "March 2015" in embed_text(sent.json["embeds"][0])
        assert str(sent.json["message_reference"]["message_id"]) == follow_up["id"]
        await settle()
        assert len(h.fake.find_requests("POST", THREADS)) == 1  # no thread in a thread


async def test_chatter_in_the_thread_gets_no_reply() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        thread_id = (await h.sent()).response["channel_id"]
        for chatter in ("thanks, nice one", "ok cool", "lol"):
            await h.say(chatter, channel_id=thread_id)
        await settle()
        assert len(h.fake.find_requests("POST", MESSAGES, where=in_channel(thread_id))) == 1


async def test_each_member_in_a_thread_has_their_own_context() -> None:
    """Another member asking in the thread is answered there, read with their own earlier
    questions in that thread, never the asker's; and the asker's context survives theirs."""
    world = World.default()
    stranger = add_human(world, "stranger")
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        thread_id = (await h.sent()).response["channel_id"]
        # Alone, "and when was that?" asks nothing: no reply, where the asker's context
        # would have answered "March 2015".
        await h.say("and when was that?", channel_id=thread_id, author=stranger["id"])
        await settle()
        assert len(h.fake.find_requests("POST", MESSAGES, where=in_channel(thread_id))) == 1
        await h.say("who built the lighthouse?", channel_id=thread_id, author=stranger["id"])
        assert BUILT in await answer_in(h, thread_id)
        await h.say("and when was that?", channel_id=thread_id)  # the asker again
        mine = await answer_in(h, thread_id)
        assert "March 2015" in mine and "1894" not in mine
        await h.say("and when was that?", channel_id=thread_id, author=stranger["id"])
        theirs = await answer_in(h, thread_id)
        assert "1894" in theirs and "March 2015" not in theirs


async def test_two_questions_are_two_threads_with_separate_contexts() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        first = (await h.sent()).response["channel_id"]
        await h.say("who built the lighthouse?", mention_bot=True)
        second = (await h.sent()).response["channel_id"]
        assert first != second
        await h.say("and when was that?", channel_id=first)
        assert "March 2015" in await answer_in(h, first)
        await h.say("and when was that?", channel_id=second)
        assert "1894" in await answer_in(h, second)


async def test_the_bot_knows_its_threads_again_after_a_new_gateway_session() -> None:
    """After a reconnect discord.py learns the thread from GUILD_CREATE (its active
    threads), so a follow-up there still needs no mention."""
    world = World.default()
    async with thread_mode(world) as h:
        await h.say(ASKED, mention_bot=True)
        thread_id = (await h.sent()).response["channel_id"]
        await h.fake.drop_gateway(resumable=False)
        await h.fake.wait_for_identify(2)
        await settle(0.3)
        await h.say("and when was that?", channel_id=thread_id)
        assert "March 2015" in await answer_in(h, thread_id)


async def test_a_channel_not_in_the_setting_is_answered_as_before() -> None:
    world = World.default()
    facts = str(world.text_channel(name="facts")["id"])
    async with running_bot(world=world, thread_channel_ids=(int(facts),)) as h:
        asked = await h.say(ASKED, mention_bot=True)
        sent = await h.sent()
        assert sent.path == f"/channels/{general(world)}/messages"
        assert str(sent.json["message_reference"]["message_id"]) == asked["id"]
        assert h.fake.find_requests("POST", THREADS) == []


async def test_a_thread_the_bot_did_not_start_needs_a_mention_as_before() -> None:
    world = World.default()
    async with thread_mode(world) as h:
        thread = await h.fake.open_thread("lighthouse chat", parent_id=general(world))
        await h.say(ASKED, channel_id=thread["id"])
        await settle()
        assert h.fake.find_requests("POST", MESSAGES) == []
        asked = await h.say(ASKED, channel_id=thread["id"], mention_bot=True)
        sent = await h.sent()
        assert sent.path == f"/channels/{thread['id']}/messages"
        assert str(sent.json["message_reference"]["message_id"]) == asked["id"]
        assert h.fake.find_requests("POST", THREADS) == []


async def test_without_permission_to_start_threads_the_answer_is_a_reply_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The bot sees in its cache that it lacks Create Public Threads, so it asks Discord
    for nothing it would refuse; follow-ups by reply work as without thread mode."""
    world = World.default()
    world.text_channel(name="general")["permission_overwrites"].append(
        pl.overwrite(world.guild()["id"], deny=pl.CREATE_PUBLIC_THREADS)
    )
    caplog.set_level(logging.WARNING, logger="bot.exts._threads")
    async with thread_mode(world) as h:
        asked = await h.say(ASKED, mention_bot=True)
        sent = await h.sent()
        assert sent.path == f"/channels/{general(world)}/messages"
        assert str(sent.json["message_reference"]["message_id"]) == asked["id"]
        await h.say("and when was that?", mention_bot=True, reply_to=sent.response)
        assert "March 2015" in await answer_in(h, general(world))
        await h.say("who built the lighthouse?", mention_bot=True)
        assert BUILT in await answer_in(h, general(world))
        assert h.fake.find_requests("POST", THREADS) == []
    warnings = [r.getMessage() for r in caplog.records if "no thread" in r.getMessage()]
    assert len(warnings) == 1
    assert "Create Public Threads" in warnings[0] and general(world) in warnings[0]


async def test_when_discord_refuses_the_thread_the_answer_is_a_reply() -> None:
    """The permission was taken away without the bot hearing of it: Discord answers 403,
    and the question is still answered, in the channel."""
    world = World.default()
    async with thread_mode(world) as h:
        world.text_channel(name="general")["permission_overwrites"].append(
            pl.overwrite(world.guild()["id"], deny=pl.CREATE_PUBLIC_THREADS)
        )
        asked = await h.say(ASKED, mention_bot=True)
        refused = await h.fake.wait_for_request("POST", THREADS)
        assert refused.status == 403
        sent = await h.sent()
        assert sent.path == f"/channels/{general(world)}/messages"
        assert str(sent.json["message_reference"]["message_id"]) == asked["id"]
        assert FOUNDED in embed_text(sent.json["embeds"][0])


async def test_a_long_question_names_its_thread_within_discords_limit() -> None:
    world = World.default()
    question = "who founded the friends of the lighthouse, " + "and why, " * 30 + "really?"
    async with thread_mode(world) as h:
        await h.say(question, mention_bot=True)
        started = await h.fake.wait_for_request("POST", THREADS, status=201)
        name = started.json["name"]
        assert len(name) <= NAME_LIMIT and name.endswith("…")
        assert question.startswith(name.removesuffix("…"))
        assert (await h.sent()).path == f"/channels/{started.response['id']}/messages"


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("who built\n the   lighthouse?", "who built the lighthouse?"),
        ("x" * 150, "x" * (NAME_LIMIT - 1) + "…"),
        ("a " + "y" * 150, "a " + "y" * (NAME_LIMIT - 3) + "…"),
        ("   ", ""),
    ],
)
def test_thread_names_are_one_line_and_cut_to_fit(question: str, name: str) -> None:
    assert thread_name(question) == name


def in_channel(channel_id: str) -> Any:
    """A request predicate: a message sent in `channel_id`."""
    return lambda request: request.path.split("/")[2] == channel_id
