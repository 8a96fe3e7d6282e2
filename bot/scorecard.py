"""The bot's measured quality, as members see it in /about.

The figures come from `bot/models/scorecard.json`, which `make scorecard`
(`bot/tools/scorecard.py`) writes by scoring the shipped base on the held-out blind
question sets and follow-up conversations; none is typed by hand, and a test fails when
the file no longer matches what the fact base and the matcher score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SCORECARD_FILE = Path(__file__).resolve().parent / "models" / "scorecard.json"


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Shares (0 to 1) over the held-out questions, and what they were measured on."""

    measured_on: str  # the date the file was written
    questions: int
    answerable: int
    unanswerable: int
    reply_accuracy: float
    correct_answerable: float  # answerable questions answered with a right first fact
    abstain_unanswerable: float  # unanswerable questions rightly declined
    wrong_citation: float  # answers whose first fact cites none of the right articles
    follow_ups: int  # follow-up turns of the blind conversations
    follow_up_accuracy: float  # ... answered right (or rightly declined) in conversation

    def lines(self) -> list[str]:
        """The scorecard in plain words, one line each (both front ends show these)."""
        return [
            f"Right on {self.reply_accuracy:.0%} of {self.questions} questions nobody on the "
            "team had seen (written from the articles alone)",
            f"Answers {self.correct_answerable:.0%} of the {self.answerable} the coverage "
            f'answers; says "the coverage doesn\'t say" to {self.abstain_unanswerable:.0%} '
            f"of the {self.unanswerable} it does not",
            f'Right on {self.follow_up_accuracy:.0%} of {self.follow_ups} follow-ups ("and '
            'when was that?") in conversations nobody on the team had seen',
            f"Cites the wrong article in {self.wrong_citation:.0%} of its answers "
            f"(measured {self.measured_on})",
        ]


def load_scorecard(path: Path = SCORECARD_FILE) -> Scorecard | None:
    """The shipped scorecard, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Scorecard(**{k: data[k] for k in Scorecard.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None
