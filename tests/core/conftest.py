"""Fixtures shared by the core's tests."""

from __future__ import annotations

import pytest

from bot.core.matcher import Matcher
from bot.core.models import FactBase
from tests.helpers import wrenfield_base


@pytest.fixture(scope="session")
def wrenfield() -> FactBase:
    """The invented fact base the matcher's tests ask about (a town's flood)."""
    return wrenfield_base()


@pytest.fixture(scope="session")
def wrenfield_matcher(wrenfield: FactBase) -> Matcher:
    return Matcher(wrenfield)
