"""Settings come from the environment once, with messages that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_API_BASE, ConfigError, Secret, Settings


def test_defaults_need_no_token() -> None:
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.api_base == DEFAULT_API_BASE
    assert settings.message_content is False
    assert settings.health_host == "127.0.0.1"


def test_the_token_never_shows_itself() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": "abc.def.ghi"})
    assert settings.token is not None and settings.token.get() == "abc.def.ghi"
    assert "abc.def.ghi" not in repr(settings) and "abc.def.ghi" not in str(settings.token)
    assert repr(Secret("x")) == "Secret('***')"


def test_the_token_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("from-file\n", encoding="utf-8")
    settings = Settings.from_env({"DISCORD_TOKEN_FILE": str(secret)})
    assert settings.token is not None and settings.token.get() == "from-file"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DISCORD_TOKEN_FILE": "/nonexistent/token"}, "DISCORD_TOKEN_FILE /nonexistent/token"),
        ({"DISCORD_TOKEN": "a", "DISCORD_TOKEN_FILE": "b"}, "not both"),
        ({"FACTBOT_GUILD_IDS": "12,abc"}, "FACTBOT_GUILD_IDS must be a comma-separated list"),
        (
            {"FACTBOT_THREAD_CHANNEL_IDS": "12;34"},
            "FACTBOT_THREAD_CHANNEL_IDS must be a comma-separated list of numeric Discord ids, "
            "not '12;34'",
        ),
        ({"FACTBOT_SHARD_IDS": "0"}, "FACTBOT_SHARD_IDS needs FACTBOT_SHARD_COUNT"),
        ({"FACTBOT_SHARD_COUNT": "2", "FACTBOT_SHARD_IDS": "0-2"}, "ids run 0 to 1"),
        # discord.py reads an empty list as "every shard": refused, not run
        ({"FACTBOT_SHARD_COUNT": "2", "FACTBOT_SHARD_IDS": ","}, "must look like '0,1'"),
        ({"FACTBOT_SHARD_COUNT": "4", "FACTBOT_SHARD_IDS": "3-1"}, "must look like '0,1'"),
        # a typo'd range is refused before it is expanded
        ({"FACTBOT_SHARD_COUNT": "4", "FACTBOT_SHARD_IDS": "0-99999999999"}, "ids run 0 to 3"),
        ({"FACTBOT_LOG_FORMAT": "xml"}, "FACTBOT_LOG_FORMAT must be 'text' or 'json'"),
        ({"FACTBOT_MESSAGE_CONTENT": "maybe"}, "FACTBOT_MESSAGE_CONTENT must be 1 or 0"),
        ({"FACTBOT_SHARD_COUNT": "two"}, "FACTBOT_SHARD_COUNT must be a whole number, not 'two'"),
        ({"FACTBOT_SHARD_COUNT": "0"}, "FACTBOT_SHARD_COUNT must be at least 1, not '0'"),
        ({"FACTBOT_DRAIN_SECONDS": "soon"}, "must be a number of seconds, not 'soon'"),
        ({"FACTBOT_DRAIN_SECONDS": "nan"}, "FACTBOT_DRAIN_SECONDS must be between 0 and"),
        ({"FACTBOT_GAPS_LOG_MB": "0"}, "FACTBOT_GAPS_LOG_MB must be more than 0 and at most"),
        ({"FACTBOT_MAX_FILE_MB": "lots"}, "must be a number of megabytes, not 'lots'"),
        ({"FACTBOT_HELP_CHANNEL_ID": "#staff"}, "FACTBOT_HELP_CHANNEL_ID must be a whole number"),
        ({"FACTBOT_HELP_ROLE_ID": "0"}, "FACTBOT_HELP_ROLE_ID must be at least 1"),
    ],
)
def test_bad_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_lists_and_shard_ranges_parse() -> None:
    settings = Settings.from_env(
        {
            "FACTBOT_GUILD_IDS": "1, 2",
            "FACTBOT_THREAD_CHANNEL_IDS": "3,",
            "FACTBOT_SHARD_COUNT": "8",
            "FACTBOT_SHARD_IDS": "0-2,5",
        }
    )
    assert settings.guild_ids == (1, 2)
    assert settings.thread_channel_ids == (3,)
    assert Settings.from_env({}).thread_channel_ids == ()
    assert settings.shard_ids == (0, 1, 2, 5)


def test_one_data_dir_holds_facts_and_seeds() -> None:
    settings = Settings.from_env({"FACTBOT_DATA_DIR": "/data"})
    assert (settings.facts_dir, settings.seeds_dir) == (Path("/data/facts"), Path("/data/seeds"))


def test_the_gaps_log_is_off_unless_asked_for() -> None:
    assert Settings.from_env({}).gaps_log is None
    on = Settings.from_env({"FACTBOT_GAPS_LOG": "1", "FACTBOT_STATE_DIR": "/state"})
    assert on.gaps_log == Path("/state/gaps.jsonl")
