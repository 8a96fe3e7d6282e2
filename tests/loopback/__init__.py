"""A loopback stand-in for Discord's REST API and gateway, for offline tests.

An unmodified discord.py client connects to it over real HTTP and WebSockets
on 127.0.0.1. Typical use::

    async with FakeDiscord() as fake, connected(make_client(), fake) as client:
        await fake.send_message("hello")
        reply = await fake.wait_for_request("POST", "/channels/{id}/messages")
        assert fake.validate_all() == []

Modules: ``server`` (FakeDiscord), ``gateway``, ``rest``, ``payloads``,
``world``, ``faults``, ``recorder``, ``openapi``, ``control`` (HTTP control
API for other processes), ``client`` (``connected``), ``fixtures``;
``python -m tests.loopback`` runs it standalone.
"""

from .client import connected
from .openapi import Problem
from .recorder import RecordedRequest
from .server import FakeDiscord
from .world import World

__all__ = ["FakeDiscord", "Problem", "RecordedRequest", "World", "connected"]
