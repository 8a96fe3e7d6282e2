"""A fact base someone else put together is read safely: only regular files, only inside
their folder, only so much of each, and a problem with a file is one `path:line` line that
never shows what a link points to."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from bot.core import Problem, read_fact_base
from bot.core.files import UnsafeFileError, read_bytes

PASSWD = Path("/etc/passwd")


def _only(problems: list[Problem]) -> str:
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def test_a_story_linked_to_a_file_outside_is_refused_without_quoting_it(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "passwd.yaml").symlink_to(PASSWD)
    base, problems = read_fact_base(facts_dir, seeds_dir)
    line = _only(problems)
    assert base is None
    assert line.startswith(f"{facts_dir / 'passwd.yaml'}:1: a link to a file outside {facts_dir}")
    first_line = PASSWD.read_text().splitlines()[0]
    assert first_line not in line and "/bin/" not in line


def test_an_article_path_that_climbs_out_of_seeds_is_refused(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    articles = seeds_dir / "articles.yaml"
    articles.write_text(articles.read_text().replace("file: tiny.txt", "file: ../../../etc/passwd"))
    (seeds_dir / "tiny.txt").unlink()
    _, problems = read_fact_base(facts_dir, seeds_dir)
    [line] = [str(p) for p in problems if "articles.yaml:3" in str(p)]
    assert "outside" in line and "root:" not in line


def test_a_link_that_stays_inside_its_folder_is_followed(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "originals").mkdir()
    (seeds_dir / "tiny.txt").rename(seeds_dir / "originals" / "tiny.txt")
    (seeds_dir / "tiny.txt").symlink_to(Path("originals") / "tiny.txt")
    base, problems = read_fact_base(facts_dir, seeds_dir)
    assert problems == [] and base is not None
    assert "great day" in base.articles["tiny-article"].text


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_article_linked_to_a_device_ends_at_once_and_reads_nothing(
    tiny_dirs: tuple[Path, Path], device: str
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (seeds_dir / "tiny.txt").unlink()
    (seeds_dir / "tiny.txt").symlink_to(device)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert any("tiny.txt" in str(p) and "outside" in str(p) for p in problems), problems


def test_a_fifo_among_the_facts_is_refused_instead_of_waiting_for_ever(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    os.mkfifo(facts_dir / "pipe.yaml")
    started = time.monotonic()
    _, problems = read_fact_base(facts_dir, seeds_dir)
    assert time.monotonic() - started < 2
    assert _only(problems) == (
        f"{facts_dir / 'pipe.yaml'}:1: not a regular file (a FIFO): only plain files are read"
    )


def test_a_directory_named_like_a_story_file_is_one_problem(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "drafts.yaml").mkdir()
    assert "not a regular file (a directory)" in _only(read_fact_base(facts_dir, seeds_dir)[1])


def test_a_file_over_the_size_limit_is_refused_with_the_setting_to_raise(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    story = facts_dir / "story.yaml"
    story.write_text(story.read_text() + "# padding\n" * 200)
    _, problems = read_fact_base(facts_dir, seeds_dir, max_file_bytes=1000)
    line = _only(problems)
    assert line.startswith(f"{story}:1: over the size limit: ")
    assert "the limit is 1,000 bytes" in line and "FACTBOT_MAX_FILE_MB" in line


def test_a_date_of_100000_digits_is_a_problem_at_its_line(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    story = facts_dir / "story.yaml"
    story.write_text(story.read_text().replace("date: 2020-02-03", "date: " + "9" * 100_000))
    line = _only(read_fact_base(facts_dir, seeds_dir)[1])
    assert line.startswith(f"{story}:6: ") and "too long" in line
    assert len(line) < 600


def test_a_quoted_date_of_100000_digits_is_shown_short(tiny_dirs: tuple[Path, Path]) -> None:
    facts_dir, seeds_dir = tiny_dirs
    story = facts_dir / "story.yaml"
    story.write_text(story.read_text().replace("date: 2020-02-03", f'date: "{"9" * 100_000}"'))
    line = _only(read_fact_base(facts_dir, seeds_dir)[1])
    assert line.startswith(f"{story}:6: ") and "is not an ISO 8601 date" in line
    assert len(line) < 600


def test_control_characters_in_a_file_never_reach_the_message(
    tiny_dirs: tuple[Path, Path],
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    story = facts_dir / "story.yaml"
    story.write_text(story.read_text().replace("kind: event", 'kind: "ev\\e[2Jent\\rX"'))
    line = _only(read_fact_base(facts_dir, seeds_dir)[1])
    assert "\x1b" not in line and "\r" not in line
    assert "\\x1b[2J" in line


def test_read_bytes_says_not_found_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFileError, match=r"^not found$"):
        read_bytes(tmp_path / "missing.yaml", folder=tmp_path)
