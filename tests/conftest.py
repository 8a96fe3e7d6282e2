"""Shared fixtures: the shipped fact base (loaded once) and a tiny base to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core import FactBase, load_fact_base

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shipped_base() -> FactBase:
    return load_fact_base(ROOT / "facts", ROOT / "seeds")


@pytest.fixture
def tiny_dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of tests/data/tiny: (facts_dir, seeds_dir)."""
    shutil.copytree(DATA / "tiny", tmp_path / "tiny")
    return tmp_path / "tiny" / "facts", tmp_path / "tiny" / "seeds"


pytest_plugins = ["tests.loopback.fixtures"]
