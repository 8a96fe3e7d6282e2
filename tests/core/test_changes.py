"""What a reload changes for answers already given (bot/core/changes.py)."""

from __future__ import annotations

import dataclasses

from bot.core import fact_changes
from bot.core.models import Suspension
from tests.helpers import wrenfield_base


def test_suspended_removed_and_reworded_facts_are_told_apart() -> None:
    old = wrenfield_base()
    keep, reword, suspend, drop = old.facts[:4]
    new = dataclasses.replace(
        old,
        facts=(keep, dataclasses.replace(reword, text=reword.text + " (updated)"), *old.facts[4:]),
        suspended=(Suspension(suspend.id, suspend.text, "x:1", ("flood-article",)),),
    )
    changes = fact_changes(old, new)
    assert set(changes) == {reword.id, suspend.id, drop.id}
    assert changes[reword.id].kind == "changed"
    after = changes[reword.id].after
    assert after is not None and "(updated)" in after.text
    assert changes[suspend.id].kind == "suspended"
    assert changes[drop.id].kind == "removed"
    assert fact_changes(old, old) == {}
