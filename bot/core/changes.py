"""What a reload changes for answers already given: facts withdrawn or reworded.

The bot remembers which facts it gave in which messages (bot/served.py); after a reload it
corrects the replies whose fact no longer holds as it was, so a correction reaches the
people who read the old answer, not only those who ask again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.models import Fact, FactBase

ChangeKind = Literal["suspended", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class FactChange:
    """One fact an earlier answer gave, as the new base has it."""

    fact_id: str
    before: Fact
    kind: ChangeKind  # suspended: its article changed; removed: gone; changed: reworded
    after: Fact | None = None  # the new wording, for "changed"


def fact_changes(old: FactBase, new: FactBase) -> dict[str, FactChange]:
    """Every fact of `old` that `new` suspends, removes or words or dates differently."""
    suspended = {s.fact_id for s in new.suspended}
    changes = {}
    for fact in old.facts:
        now = new.facts_by_id.get(fact.id)
        if now is None:
            kind: ChangeKind = "suspended" if fact.id in suspended else "removed"
            changes[fact.id] = FactChange(fact.id, fact, kind)
        elif (now.text, now.date) != (fact.text, fact.date):
            changes[fact.id] = FactChange(fact.id, fact, "changed", now)
    return changes
