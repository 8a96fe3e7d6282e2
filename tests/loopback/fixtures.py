"""pytest fixtures: import them into a test module or conftest.

from tests.loopback.fixtures import fake_discord  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .server import FakeDiscord


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started :class:`FakeDiscord` (default world) on a free port."""
    async with FakeDiscord() as fake:
        yield fake
