"""/timeline over the loopback stand-in: filters, paging by buttons, autocomplete."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from bot.core.models import Entity
from bot.core.timeline import TimelineFilter, build_timeline
from bot.exts._views import TIMELINE_PAGE_SIZE
from tests.helpers import add_human, buttons, embed_text, lighthouse_base, running_bot
from tests.loopback import World

# The lighthouse story's 13 dated facts, in date order (tests/exts/data/facts/lighthouse.yaml);
# a month with no day ("June 2021") follows that month's exact dates.
FIRST_PAGE_DATES = ["1894", "1989", "March 2015", "August 2015", "2016"]
SECOND_PAGE_DATES = ["April 4, 2017", "2018", "May 2019", "September 12, 2020", "June 19, 2021"]


def _dates(embed: dict[str, object]) -> list[str]:
    """The dates a timeline page shows, as its bold headings (each date once)."""
    description = embed["description"]
    assert isinstance(description, str)
    return [line.strip("*") for line in description.splitlines() if line.startswith("**")]


def _page_dates(number: int) -> list[str]:
    events = build_timeline(lighthouse_base(), TimelineFilter()).events
    page = events[(number - 1) * TIMELINE_PAGE_SIZE : number * TIMELINE_PAGE_SIZE]
    return list(dict.fromkeys(e.date.display() for e in page if e.date))


async def test_timeline_pages_with_buttons_and_a_bystander_pages_a_copy_of_their_own() -> None:
    world = World.default()
    bystander = add_human(world, "bystander")
    async with running_bot(world=world) as h:
        payload = await h.slash("timeline")
        first = await h.callback(payload)
        data = first.json["data"]
        assert not data.get("flags")  # public, like every command
        [embed] = data["embeds"]
        assert _dates(embed)[:5] == FIRST_PAGE_DATES
        assert _dates(embed) == _page_dates(1)
        assert embed["footer"]["text"].startswith("Page 1 of 2")
        assert buttons(data)["◀ Previous"]["disabled"]
        message = h.message(first.response["resource"]["message"]["id"])

        turned = await h.callback(await h.click(message, "Next ▶"))
        assert turned.json["type"] == 7
        [embed] = turned.json["data"]["embeds"]
        assert _dates(embed) == _page_dates(2)
        assert set(SECOND_PAGE_DATES[3:]) <= set(_dates(embed))
        assert embed["footer"]["text"].startswith("Page 2 of 2")
        assert buttons(turned.json["data"])["Next ▶"]["disabled"]

        copy = await h.callback(
            await h.click(h.message(message["id"]), "◀ Previous", user=bystander)
        )
        assert copy.json["type"] == 4 and copy.json["data"]["flags"] == 64  # their own, private
        [embed] = copy.json["data"]["embeds"]
        assert embed["footer"]["text"].startswith("Page 1 of 2")
        back = await h.callback(await h.click(h.message(message["id"]), "◀ Previous"))
        assert back.json["data"]["embeds"][0]["footer"]["text"].startswith("Page 1 of 2")


async def test_timeline_filters_by_person_and_years() -> None:
    async with running_bot() as h:
        by_person = await h.callback(await h.slash("timeline", {"person": "mara-quill"}))
        [embed] = by_person.json["data"]["embeds"]
        assert embed["title"] == "Timeline: events with Mara Quill"
        assert _dates(embed) == ["March 2015", "June 19, 2021"]
        assert (
            "components" not in by_person.json["data"] or not by_person.json["data"]["components"]
        )  # one page: no pager

        by_years = await h.callback(await h.slash("timeline", {"from_year": 2015, "to_year": 2016}))
        assert _dates(by_years.json["data"]["embeds"][0]) == ["March 2015", "August 2015", "2016"]


async def test_an_empty_timeline_says_why_and_escapes_what_was_typed() -> None:
    async with running_bot() as h:
        response = await h.callback(await h.slash("timeline", {"person": "**zorp** @everyone"}))
        data = response.json["data"]
        assert data["flags"] == 64
        text = embed_text(data["embeds"][0])
        assert "No events" in text and "zorp" in text
        assert "**zorp**" not in text and "@everyone" not in text


async def test_person_and_topic_autocomplete() -> None:
    async with running_bot() as h:
        people = await h.autocomplete("timeline", "person", "mar")
        assert {"name": "Mara Quill", "value": "mara-quill"} in people
        topics = await h.autocomplete("timeline", "topic", "resto")
        assert topics[0] == {"name": "Restoration", "value": "restoration"}


async def test_autocomplete_stays_within_25_choices_of_100_characters() -> None:
    base = lighthouse_base()
    crowd = {
        f"person-{n}": Entity(f"person-{n}", "person", f"Mara {'Quillington-' * 12}{n}")
        for n in range(40)
    }
    crowded = dataclasses.replace(base, entities=MappingProxyType({**base.entities, **crowd}))
    async with running_bot(base=crowded) as h:
        choices = await h.autocomplete("timeline", "person", "mara")
        assert len(choices) == 25
        assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)


async def test_a_pager_outliving_its_interaction_token_still_gets_its_buttons_disabled() -> None:
    """An interaction's token dies after 15 minutes (here 0.5 s); a pager clicked now and
    then lives longer than that. Its buttons are then disabled through the channel, with
    the bot's own token, instead of failing on the dead one and staying clickable."""
    async with running_bot(view_timeout=1.0) as h:
        h.fake.rest.token_lifetime = 0.5
        payload = await h.slash("timeline")
        first = await h.callback(payload)
        message_id = first.response["resource"]["message"]["id"]
        edit = await h.fake.wait_for_request(
            "PATCH", f"/channels/{{c}}/messages/{message_id}", timeout=5
        )
        assert edit.status == 200
        assert all(b["disabled"] for b in buttons(h.message(message_id)).values())
