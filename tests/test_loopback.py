"""The loopback stand-in works with an unmodified discord.py client.

Each test runs a minimal client (not the product bot) against ``FakeDiscord``
over real HTTP/WebSocket on 127.0.0.1, and checks what discord.py sent against
Discord's OpenAPI document.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    # discord.py imports audioop, deprecated since Python 3.11; with
    # filterwarnings=error that import would fail collection. Import it quietly
    # once (see "Project notes" in tests/loopback/README.md).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # noqa: F401

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from bot import discord_api
from tests.loopback import FakeDiscord, World, connected, payloads
from tests.loopback.process import stand_in_process
from tests.loopback.snowflakes import shard_for

INTENTS = discord.Intents.default() | discord.Intents(message_content=True)
MESSAGES = "/channels/{channel_id}/messages"


class EchoClient(discord.Client):
    """Replies ``echo: <content>`` to every human message; records events."""

    def __init__(self, *, intents: discord.Intents = INTENTS, **options: object) -> None:
        super().__init__(intents=intents, guild_ready_timeout=0.05, **options)  # type: ignore[arg-type]
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.resumed = asyncio.Event()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        await self.seen.put(message)
        await message.channel.send(f"echo: {message.content}")

    async def on_resumed(self) -> None:
        self.resumed.set()


class ShardedEchoClient(EchoClient, discord.AutoShardedClient):
    """EchoClient over several shards (AutoShardedClient)."""


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(heartbeat_interval_ms=500) as fake:
        yield fake


@pytest.fixture(autouse=True)
def no_handler_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """discord.py logs (not raises) exceptions in event handlers: fail on them."""
    yield
    # caplog.records is only the current phase's (teardown) here: the test's own run is
    # the "call" phase, and set-up may log too.
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    errors = [r for r in records if r.name.startswith("discord") and r.levelno >= logging.ERROR]
    assert not errors, "\n".join(r.getMessage() for r in errors)


async def echoed(client: EchoClient, fake: FakeDiscord) -> str:
    """The next message on_message saw, once its echo reply has been sent."""
    message = await asyncio.wait_for(client.seen.get(), 5)
    await fake.wait_for_request("POST", MESSAGES, status=200)
    return message.content


def assert_valid(fake: FakeDiscord) -> None:
    problems = fake.validate_all()
    assert problems == [], "\n".join(map(str, problems))


async def test_connects_and_caches_guild(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        guild = fake.world.guild()
        cached = client.get_guild(int(guild["id"]))
        assert cached is not None and cached.name == guild["name"]
        assert client.user is not None and client.user.id == int(fake.world.bot_id)
        assert {c.name for c in cached.text_channels} == {"general", "facts"}
        assert cached.me.guild_permissions.send_messages
        assert fake.identifies[0]["intents"] == INTENTS.value
        assert fake.gateway.connections[0].heartbeats >= 1
        assert client.latency < 1.0
    paths = [r.path for r in fake.requests[:3]]
    assert paths == ["/gateway/bot", "/users/@me", "/oauth2/applications/@me"]
    assert_valid(fake)


async def test_message_reaches_on_message_and_reply_is_recorded(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        sent = await fake.send_message("what happened in 2024?")
        seen = await asyncio.wait_for(client.seen.get(), 5)
        assert seen.content == "what happened in 2024?"
        assert seen.guild is not None and str(seen.guild.id) == sent["guild_id"]
        reply = await fake.wait_for_request("POST", MESSAGES, status=200)
        assert reply.path == f"/channels/{sent['channel_id']}/messages"
        assert reply.json["content"] == "echo: what happened in 2024?"
        assert reply.headers["Authorization"] == f"Bot {fake.token}"
    assert_valid(fake)


class SlashBot(commands.Bot):
    """A commands.Bot with one slash command (with autocomplete) and a button."""

    def __init__(self) -> None:
        super().__init__(command_prefix="!", intents=INTENTS, guild_ready_timeout=0.05)

        @app_commands.command(description="Look a topic up")
        @app_commands.describe(topic="What to look up")
        async def lookup(interaction: discord.Interaction, topic: str, limit: int = 3) -> None:
            view = discord.ui.View()
            view.add_item(discord.ui.Button(label="More", custom_id="more"))
            await interaction.response.send_message(f"{topic} x{limit}", view=view)
            note = await interaction.followup.send("sources: ...", ephemeral=True, wait=True)
            await note.edit(content="sources: 3 articles")

        @lookup.autocomplete("topic")
        async def topics(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [
                app_commands.Choice(name=t, value=t)
                for t in ("elections", "economy")
                if t.startswith(current)
            ]

        self.tree.add_command(lookup)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.data and interaction.data.get("custom_id") == "more":
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content="more facts")
            assert (await interaction.original_response()).content == "more facts"
            await interaction.delete_original_response()


async def test_slash_command_sync_and_interaction_response(fake: FakeDiscord) -> None:
    async with connected(SlashBot(), fake) as client:
        sync = await fake.wait_for_request("PUT", "/applications/{app_id}/commands")
        assert [c["name"] for c in sync.json] == ["lookup"]
        assert fake.world.global_commands[0]["name"] == "lookup"

        payload = await fake.invoke_slash("lookup", {"topic": "elections", "limit": 2})
        assert payload["data"]["id"] == fake.world.global_commands[0]["id"]
        callback = await fake.wait_for_request("POST", f"/interactions/{payload['id']}/*/callback")
        assert callback.status == 200
        assert callback.json["type"] == 4 and callback.json["data"]["content"] == "elections x2"
        assert callback.json["data"]["components"][0]["components"][0]["custom_id"] == "more"
        followup = await fake.wait_for_request("POST", "/webhooks/{app_id}/{token}")
        assert followup.status == 200 and followup.json["flags"] == 64
        edited = await fake.wait_for_request("PATCH", "/webhooks/{app_id}/{token}/messages/{id}")
        assert edited.status == 200 and edited.response["content"] == "sources: 3 articles"

        auto = fake.autocomplete_interaction_payload("lookup", "topic", "ele")
        await fake.dispatch("INTERACTION_CREATE", auto)
        choices = await fake.wait_for_request("POST", f"/interactions/{auto['id']}/*/callback")
        assert choices.json == {
            "type": 8,
            "data": {"choices": [{"name": "elections", "value": "elections"}]},
        }

        button = fake.component_interaction_payload("more")
        await fake.dispatch("INTERACTION_CREATE", button)
        deferred = await fake.wait_for_request("POST", f"/interactions/{button['id']}/*/callback")
        assert deferred.json["type"] == 5
        edit = await fake.wait_for_request("PATCH", "/webhooks/{app_id}/{token}/messages/@original")
        assert edit.status == 200 and edit.json["content"] == "more facts"
        original = "/webhooks/{app_id}/{token}/messages/@original"
        assert (await fake.wait_for_request("GET", original)).status == 200
        assert (await fake.wait_for_request("DELETE", original)).status == 204

        guild = discord.Object(int(fake.world.guild()["id"]))
        client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
        assert [c.name for c in synced] == ["lookup"] and synced[0].guild_id == guild.id
        assert [c.name for c in await client.tree.fetch_commands(guild=guild)] == ["lookup"]
    assert_valid(fake)


async def test_dm_message_and_dm_slash_command(fake: FakeDiscord) -> None:
    async with connected(SlashBot(), fake) as client:
        got: asyncio.Queue[discord.Message] = asyncio.Queue()
        client.add_listener(got.put, "on_message")
        payload = await fake.send_message("hi in private", dm=True)
        assert "guild_id" not in payload and "member" not in payload
        msg = await asyncio.wait_for(got.get(), 5)
        assert isinstance(msg.channel, discord.DMChannel)
        slash = await fake.invoke_slash("lookup", {"topic": "economy"}, dm=True)
        assert "user" in slash and "member" not in slash
        callback = await fake.wait_for_request("POST", f"/interactions/{slash['id']}/*/callback")
        assert callback.status == 200
        assert (await fake.wait_for_request("POST", "/webhooks/{app_id}/{token}")).status == 200
        edited = await fake.wait_for_request("PATCH", "/webhooks/{app_id}/{token}/messages/*")
        assert edited.status == 200  # the command ran to its end before the client closed
    assert_valid(fake)


async def test_rate_limited_send_is_retried_and_arrives_once(fake: FakeDiscord) -> None:
    fake.fail_next("POST", MESSAGES, status=429, retry_after=0.2)
    async with connected(EchoClient(), fake):
        await fake.send_message("rate me")
        first = await fake.wait_for_request("POST", MESSAGES)
        assert first.status == 429 and first.fault
        retried = await fake.wait_for_request("POST", MESSAGES)
        assert retried.status == 200 and retried.at - first.at >= 0.19
        assert retried.json == first.json
        await asyncio.sleep(0.3)
        assert len(fake.find_requests("POST", MESSAGES, status=200)) == 1
    assert_valid(fake)


async def test_server_error_is_retried(fake: FakeDiscord) -> None:
    fake.fail_next("POST", MESSAGES, status=502)
    async with connected(EchoClient(), fake):
        await fake.send_message("flaky")
        assert (await fake.wait_for_request("POST", MESSAGES)).status == 502
        assert (await fake.wait_for_request("POST", MESSAGES, timeout=5)).status == 200


async def test_dropped_connection_resumes_and_events_still_flow(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        session_id = fake.gateway.current[0].session_id
        await fake.drop_gateway(resumable=True)
        # Dispatched while the client is away: must be replayed on RESUME.
        await fake.send_message("sent during the outage")
        resume = await fake.wait_for_resume()
        assert resume["session_id"] == session_id
        await asyncio.wait_for(client.resumed.wait(), 5)
        assert await echoed(client, fake) == "sent during the outage"
        await fake.send_message("after the resume")
        assert await echoed(client, fake) == "after the resume"
        assert len(fake.identifies) == 1
        assert fake.gateway.connections[-1].path == "/gateway/resume"


async def test_abrupt_drop_also_resumes(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        await fake.drop_gateway(resumable=True, abrupt=True)
        await fake.wait_for_resume()
        await asyncio.wait_for(client.resumed.wait(), 5)
        await fake.send_message("still here")
        assert await echoed(client, fake) == "still here"


async def test_op9_resumable_and_op7_reconnect_resume(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        await fake.invalidate_session(resumable=True)
        await fake.wait_for_resume(1)
        await fake.request_reconnect()
        await fake.wait_for_resume(2)
        await fake.send_message("resumed twice")
        assert await echoed(client, fake) == "resumed twice"
        assert len(fake.identifies) == 1


async def test_slow_endpoint_delays_the_reply(fake: FakeDiscord) -> None:
    fake.delay("POST", MESSAGES, 0.3, times=1)
    async with connected(EchoClient(), fake) as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await fake.send_message("take your time")
        assert await echoed(client, fake) == "take your time"
        assert loop.time() - started >= 0.3


async def test_non_resumable_drop_reidentifies(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        first_session = fake.gateway.current[0].session_id
        await fake.drop_gateway(resumable=False)
        await fake.wait_for_identify(2)
        assert fake.gateway.current[0].session_id != first_session
        await fake.send_message("new session")
        assert await echoed(client, fake) == "new session"
        # op 9 resets discord.py to DEFAULT_GATEWAY: it must still be the stand-in.
        assert fake.gateway.connections[-1].path == "/gateway"


async def test_close_code_4009_resume_is_refused_and_client_reidentifies(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        await fake.drop_gateway(resumable=False, close_code=4009)
        await fake.wait_for_resume()
        await fake.wait_for_identify(2)
        await fake.send_message("back")
        assert await echoed(client, fake) == "back"


async def test_autosharded_client_identifies_each_shard() -> None:
    world = World.default(guild_count=4)
    client = ShardedEchoClient(shard_ids=[0, 1], shard_count=2)
    async with FakeDiscord(world, heartbeat_interval_ms=500) as fake, connected(client, fake):
        shards = sorted(tuple(i["shard"]) for i in fake.identifies)
        assert shards == [(0, 2), (1, 2)]
        for g in world.guilds:
            cached = client.get_guild(int(g["id"]))
            assert cached is not None and cached.shard_id == shard_for(g["id"], 2)
        # A message in each guild arrives through that guild's shard.
        for g in world.guilds:
            sent = await fake.send_message("ping", guild_id=g["id"])
            seq = fake.gateway.current[shard_for(g["id"], 2)].events[-1]
            assert seq["d"]["id"] == sent["id"]
            reply = await fake.wait_for_request("POST", MESSAGES, status=200)
            assert reply.path == f"/channels/{sent['channel_id']}/messages"
        assert len({s.session_id for s in fake.gateway.current.values()}) == 2


async def test_wrong_token_is_login_failure(fake: FakeDiscord) -> None:
    client = EchoClient()
    with pytest.raises(discord.LoginFailure):
        async with connected(client, fake, token="not-the-token"):
            pass
    rejected = fake.find_requests(status=401)
    assert rejected and rejected[0].path == "/gateway/bot"
    assert discord.http.Route.BASE == discord_api.DISCORD_API_BASE


async def test_wrong_token_on_users_me_is_login_failure(fake: FakeDiscord) -> None:
    discord_api.use_api_base(fake.base_url)
    try:
        async with EchoClient() as client:
            with pytest.raises(discord.LoginFailure):
                await client.login("not-the-token")
    finally:
        discord_api.use_discord()
    assert fake.requests[-1].path == "/users/@me" and fake.requests[-1].status == 401


async def test_disallowed_privileged_intent_is_reported(fake: FakeDiscord) -> None:
    fake.gateway.allowed_privileged_intents = 0
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with connected(EchoClient(), fake):
            pass


async def test_unknown_route_is_404_in_discord_shape(fake: FakeDiscord) -> None:
    async with connected(EchoClient(), fake) as client:
        with pytest.raises(discord.NotFound) as info:
            await client.fetch_guild(1234)
        assert info.value.code == 0
    assert fake.find_requests("GET", "/guilds/1234")[0].status == 404


async def test_without_message_content_intent_content_is_blank(fake: FakeDiscord) -> None:
    client = EchoClient(intents=discord.Intents.default())
    async with connected(client, fake):
        await fake.send_message("secret")
        assert await echoed(client, fake) == ""
        await fake.send_message("hello bot", mention_bot=True)
        assert await echoed(client, fake) == f"<@{fake.world.bot_id}> hello bot"
        assert fake.identifies[0]["intents"] & (1 << 15) == 0


async def test_edit_and_delete(fake: FakeDiscord) -> None:
    """What the bot does to its own messages: buttons edit them, 🗑 deletes them."""
    async with connected(EchoClient(), fake) as client:
        channel = client.get_channel(int(fake.world.text_channel()["id"]))
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("report")
        edited = await sent.edit(content="report (corrected)")
        assert edited.content == "report (corrected)" and edited.edited_at is not None
        await edited.delete()
        assert (await fake.wait_for_request("PATCH", MESSAGES + "/{mid}")).status == 200
        assert (await fake.wait_for_request("DELETE", MESSAGES + "/{mid}")).status == 204
        with pytest.raises(discord.NotFound):
            await channel.fetch_message(edited.id)
    assert_valid(fake)


async def test_a_thread_started_from_a_message_is_known_and_takes_messages(
    fake: FakeDiscord,
) -> None:
    """As on Discord: the thread has the message's id, THREAD_CREATE puts it in discord.py's
    cache, a member's message in it arrives in a Thread (type 11, parent_id), and the bot
    can send there; a second thread on the message, or one inside a thread, is refused."""
    async with connected(EchoClient(), fake) as client:
        await fake.send_message("start here")
        message = await asyncio.wait_for(client.seen.get(), 5)
        thread = await message.create_thread(name="start here", auto_archive_duration=60)
        assert thread.id == message.id and thread.parent_id == message.channel.id
        assert client.user is not None and thread.owner_id == client.user.id
        assert (
            thread.auto_archive_duration == 60 and thread.type is discord.ChannelType.public_thread
        )
        await fake.wait_for_request("POST", MESSAGES, status=200)  # the echo of "start here"
        cached = client.get_channel(thread.id)
        assert isinstance(cached, discord.Thread) and cached.me is not None
        await fake.send_message("inside", channel_id=thread.id)
        inside = await asyncio.wait_for(client.seen.get(), 5)
        assert isinstance(inside.channel, discord.Thread)
        assert inside.channel.parent_id == message.channel.id
        reply = await fake.wait_for_request("POST", MESSAGES, status=200)
        assert reply.path == f"/channels/{thread.id}/messages"
        with pytest.raises(discord.HTTPException) as again:
            await message.create_thread(name="again")
        assert again.value.code == 160004
        with pytest.raises(discord.HTTPException) as nested:
            await inside.create_thread(name="nested")
        assert nested.value.code == 50024
    assert fake.find_requests("POST", "/channels/*/messages/*/threads", status=201)
    assert_valid(fake)


async def test_sending_in_a_thread_needs_send_messages_in_threads(fake: FakeDiscord) -> None:
    """A thread takes its parent's overwrites, and Send Messages in Threads, not Send
    Messages, lets the bot write in it."""
    general = fake.world.text_channel(name="general")
    everyone = fake.world.guild()["id"]
    general["permission_overwrites"].append(
        payloads.overwrite(everyone, deny=payloads.SEND_MESSAGES_IN_THREADS)
    )
    async with connected(EchoClient(), fake) as client:
        opened = await fake.open_thread("members only", parent_id=general["id"])
        await asyncio.sleep(0.1)  # THREAD_CREATE on its way to the cache
        thread = client.get_channel(int(opened["id"]))
        assert isinstance(thread, discord.Thread) and thread.me is None  # not the bot's
        with pytest.raises(discord.Forbidden) as refused:
            await thread.send("hello")
        assert refused.value.code == 50013
        channel = client.get_channel(int(general["id"]))
        assert isinstance(channel, discord.TextChannel)
        await channel.send("hello")  # the channel itself is open
    assert_valid(fake)


async def test_validation_reports_bad_bodies_as_data(fake: FakeDiscord) -> None:
    channel_id = fake.world.text_channel()["id"]
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as http:
        url = f"{fake.base_url}/channels/{channel_id}/messages"
        async with http.post(
            url, json={"content": "x", "embeds": [{"title": 7}]}, headers=headers
        ) as r:
            assert r.status == 200
        async with http.post(url, json={"content": "x" * 2001}, headers=headers) as r:
            assert r.status == 400 and (await r.json())["code"] == 50035
    problems = [str(p) for p in fake.validate_all()]
    assert any("embeds[0].title" in p for p in problems), problems


async def test_late_interaction_response_is_unknown_interaction(fake: FakeDiscord) -> None:
    fake.rest.ack_deadline = 0.01
    async with connected(EchoClient(), fake) as client:
        failures: asyncio.Queue[BaseException] = asyncio.Queue()

        async def on_interaction(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.05)
            try:
                await interaction.response.send_message("too late")
            except discord.NotFound as exc:
                await failures.put(exc)

        client.event(on_interaction)
        await fake.invoke_slash("lookup")
        exc = await asyncio.wait_for(failures.get(), 5)
        assert isinstance(exc, discord.NotFound) and exc.code == 10062


async def test_standalone_process_and_control_api(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("standalone-token\n")
    async with stand_in_process(token_file) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/api/v10")
        control = base.removesuffix("/api/v10") + "/_loopback"
        async with aiohttp.ClientSession() as http:
            async with http.get(control + "/info") as r:
                info = await r.json()
            async with connected(EchoClient(), base, token="standalone-token") as client:
                async with http.post(control + "/message", json={"content": "from afar"}) as r:
                    sent = await r.json()
                assert (await asyncio.wait_for(client.seen.get(), 5)).content == "from afar"
                wait = f"{control}/wait?method=POST&path=/channels/*/messages&status=200&timeout=5"
                async with http.get(wait) as r:
                    reply = await r.json()
            assert reply["path"] == f"/channels/{sent['channel_id']}/messages"
            assert reply["json"]["content"] == "echo: from afar"
            assert sent["guild_id"] == info["guilds"][0]["id"]
            async with http.get(control + "/validate") as r:
                assert (await r.json())["problems"] == []


async def test_heartbeat_latency_is_measured_not_a_whole_interval(tmp_path: Path) -> None:
    """A stand-in in another process acked heartbeats faster than discord.py's heartbeat
    thread notes having sent them, so the ack was timed from the previous beat: latency a
    whole interval, and "Can't keep up, websocket is 41.3s behind" at the default interval.
    The ack now comes after a network's worth of delay (HEARTBEAT_ACK_DELAY), as Discord's."""
    token_file = tmp_path / "token"
    token_file.write_text("standalone-token")
    async with (
        stand_in_process(token_file, heartbeat_ms=500) as base,
        connected(EchoClient(), base, token="standalone-token") as client,
    ):
        await asyncio.sleep(1.8)  # three heartbeats
        assert client.latency < 0.25
