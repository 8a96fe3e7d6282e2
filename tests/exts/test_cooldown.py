"""The per-user cooldown on message questions, with a fake clock."""

from __future__ import annotations

from bot.exts._cooldown import Cooldown, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_in_thirty_seconds_then_one_notice_then_silence() -> None:
    clock = Clock()
    cooldown = Cooldown(5, 30.0, clock=clock)
    verdicts = []
    for _ in range(9):
        verdicts.append(cooldown.hit("ann"))
        clock.now += 1
    assert verdicts == [Verdict.ALLOW] * 5 + [Verdict.NOTIFY] + [Verdict.SILENT] * 3


def test_the_window_slides_and_a_later_spell_gets_its_own_notice() -> None:
    clock = Clock()
    cooldown = Cooldown(2, 10.0, clock=clock)
    assert [cooldown.hit("ann") for _ in range(4)] == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.NOTIFY,
        Verdict.SILENT,
    ]
    clock.now += 10  # both counted messages have left the window
    assert [cooldown.hit("ann") for _ in range(4)] == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.NOTIFY,
        Verdict.SILENT,
    ]


def test_users_are_limited_separately() -> None:
    cooldown = Cooldown(1, 30.0, clock=Clock())
    assert cooldown.hit("ann") is Verdict.ALLOW
    assert cooldown.hit("bob") is Verdict.ALLOW
    assert cooldown.hit("ann") is Verdict.NOTIFY


def test_idle_users_are_forgotten() -> None:
    clock = Clock()
    cooldown = Cooldown(5, 30.0, clock=clock)
    for user in range(10_000):
        cooldown.hit(user)
    assert len(cooldown) == 10_000
    clock.now += 31
    cooldown.hit("latecomer")
    assert len(cooldown) == 1


def test_a_notified_user_is_kept_until_the_notice_expires() -> None:
    clock = Clock()
    cooldown = Cooldown(1, 30.0, clock=clock)
    cooldown.hit("ann")
    clock.now += 29
    assert cooldown.hit("ann") is Verdict.NOTIFY  # limited until 1030
    clock.now += 0.5
    assert cooldown.hit("ann") is Verdict.SILENT
    clock.now += 1  # 1030.5: the first message has left the window
    assert cooldown.hit("ann") is Verdict.ALLOW
