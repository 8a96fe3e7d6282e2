"""`factbot` as a curator or an evaluation tool uses it: output and exit codes."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import PartialDate, load_fact_base
from bot.core.reply import RankedFact, Reply, reply_to_json
from tests.conftest import DATA, ROOT

# Answered from the shipped base with a 2018 date (worded unlike any eval question).
MEETING = "on what date did kim kardashian sit down with donald trump"


def test_check_passes_on_the_shipped_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--facts", str(ROOT / "facts"), "--seeds", str(ROOT / "seeds")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "facts" in out and "5 articles" in out


def test_check_lists_each_problem_and_exits_1(
    tiny_dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    shutil.copy(DATA / "broken" / "story-bad-date.yaml", facts_dir / "story.yaml")
    assert main(["check", "--facts", str(facts_dir), "--seeds", str(seeds_dir)]) == 1
    captured = capsys.readouterr()
    assert f"{facts_dir / 'story.yaml'}:6: '2020-02-30' has day 30" in captured.out
    assert "problem" in captured.err


@pytest.mark.parametrize("command", [["ask", "when did ada open it"], ["timeline"], ["chat"]])
def test_a_command_on_an_invalid_fact_base_lists_the_problems_and_exits_1(
    tiny_dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    shutil.copy(DATA / "broken" / "story-bad-date.yaml", facts_dir / "story.yaml")
    assert main([*command, "--facts", str(facts_dir), "--seeds", str(seeds_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    *problems, last = captured.err.splitlines()
    assert f"{facts_dir / 'story.yaml'}:6: '2020-02-30' has day 30" in problems[0]
    assert last.startswith(f"factbot {command[0]}: the fact base is invalid (1 problem)")
    assert last.endswith("`factbot check` lists them")


def test_coverage_lists_uncited_sentences(
    tiny_dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    facts_dir, seeds_dir = tiny_dirs
    assert main(["check", "--coverage", "--facts", str(facts_dir), "--seeds", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert "- The library has 500 books." in out
    assert "Ada Lovelace opened the new library" not in out.split("uncited", 1)[1]


def test_ask_prints_the_fact_and_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", MEETING]) == 0
    out = capsys.readouterr().out
    assert "2018" in out and "Source:" in out and "Trump" in out


def test_ask_json_carries_sources_with_headlines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", MEETING]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["answered"] is True and reply["form"] == "facts"
    source = reply["facts"][0]["sources"][0]
    assert source["file"].startswith("seeds/") and source["headline"]


def test_ask_without_a_question_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask"]) == 2
    assert "give a question" in capsys.readouterr().err


def _protocol(lines: bytes) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input=lines,
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_the_ask_protocol_answers_every_line_in_order_even_bad_ones() -> None:
    lines = (
        MEETING.encode()
        + b"\n"
        + b"\xff\xfe broken utf-8\n"
        + b"\n"
        + b"what went on during 2018\n"
        + ("x" * 5000).encode()
        + b"\n"
    )
    replies = _protocol(lines)
    assert len(replies) == 5
    assert replies[0]["answered"] is True and replies[0]["form"] == "facts"
    assert replies[1]["answered"] is False and replies[2]["answered"] is False
    assert replies[3]["form"] == "timeline"
    assert replies[4]["answered"] is False
    for reply in replies:
        assert isinstance(reply["ms"], float)
        facts = reply["facts"]
        assert isinstance(facts, list)
        assert len(facts) <= (50 if reply["form"] == "timeline" else 5)


def test_the_ask_protocol_reads_follow_ups_in_their_own_conversation() -> None:
    """A JSON line with a conversation id is read with that conversation's last question;
    interleaved conversations never borrow each other's context, and a plain line has none."""
    wrenfield = DATA / "wrenfield"
    lines = [
        json.dumps({"q": "who did the governor meet in wrenfield", "conversation": "ann"}),
        json.dumps({"q": "when did the levee break", "conversation": "bo"}),
        json.dumps({"q": "and when was that?", "conversation": "ann"}),
        json.dumps({"q": "and when was that?", "conversation": "bo"}),
        "and when was that?",
    ]
    dirs = ["--facts", str(wrenfield / "facts"), "--seeds", str(wrenfield / "seeds")]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl", *dirs],
        input="\n".join(lines).encode(),
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    replies = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(replies) == len(lines)
    ann, bo, plain = replies[2], replies[3], replies[4]
    assert ann["answered"] and ann["facts"][0]["id"] == "governor-visit"
    assert all(fact["id"] != "governor-visit" for fact in bo["facts"])
    assert not plain["answered"]


def test_timeline_json_is_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--person", "khloe", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "Khlo" in data["filter"]
    keys = [PartialDate.parse(e["date"]).sort_key() for e in data["events"]]
    assert keys and keys == sorted(keys)


TIMELINE_DATA = [
    "--facts",
    str(DATA / "timeline" / "facts"),
    "--seeds",
    str(DATA / "timeline" / "seeds"),
]


def _claim_citations() -> list[str]:
    """The citations of bridge-opened's two claims: the bridge article, then the flood one."""
    base = load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")
    return [base.articles[a].citation() for a in ("bridge-article", "flood-article")]


def test_timeline_table_shows_both_sides_of_a_conflict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["timeline", "--article", "flood-article", *TIMELINE_DATA]) == 0
    out = capsys.readouterr().out
    # The table wraps long lines: read the event column back as running text.
    column = " ".join(line.split("│", 1)[1].strip() for line in out.splitlines() if "│" in line)
    bridge, flood = _claim_citations()
    assert "⚠ Sources disagree: The two articles give different opening days." in column
    assert f"– The bridge opened on July 14, 2018. (July 14, 2018) — {bridge}" in column
    assert f"– The bridge opened on July 15, 2018. (July 15, 2018) — {flood}" in column


def test_timeline_json_carries_both_claims_as_the_ask_protocol_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["timeline", "--article", "flood-article", "--json", *TIMELINE_DATA]) == 0
    events = {e["id"]: e for e in json.loads(capsys.readouterr().out)["events"]}
    base = load_fact_base(DATA / "timeline" / "facts", DATA / "timeline" / "seeds")
    fact = next(f for f in base.facts if f.id == "bridge-opened")
    asked = Reply("", True, (RankedFact(fact, 1.0),), articles=base.articles)
    assert events["bridge-opened"]["conflict"] == reply_to_json(asked)["facts"][0]["conflict"]
    assert events["bridge-opened"]["conflict"]["claims"][1] == {
        "text": "The bridge opened on July 15, 2018.",
        "date": "2018-07-15",
        "sources": [
            {
                "article": "flood-article",
                "quote": "the Riverton bridge, which opened on July 15, 2018",
            }
        ],
    }
    assert events["bridge-opened"]["display_date"] == "July 14, 2018"
    assert events["floods-hit"]["conflict"] is None


def test_timeline_with_no_events_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--from", "1900", "--to", "1901"]) == 1
    assert "No events" in capsys.readouterr().out


def test_timelinejs_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--format", "timelinejs"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["events"] and all("year" in e["start_date"] for e in data["events"])


def test_eval_scores_a_question_file_and_applies_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        f'- q: "{MEETING}"\n  expect: [["2018"]]\n'
        '  sources: ["002_40b6695788b00f01.txt"]\n  answerable: true\n'
        '- q: "what is the boiling point of mercury"\n  answerable: false\n',
        encoding="utf-8",
    )
    assert main(["eval", str(questions), "--fail-under", "1"]) == 0
    assert "reply_accuracy=1.000" in capsys.readouterr().out
    with questions.open("a", encoding="utf-8") as more:  # one the bot cannot get right
        more.write(f'- q: "{MEETING}"\n  expect: [["1999"]]\n  answerable: true\n')
    assert main(["eval", str(questions), "--fail-under", "0.9"]) == 1


def test_gaps_summarises_the_most_frequent_unanswered_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "gaps.jsonl"
    monkeypatch.setenv("FACTBOT_GAPS_LOG", str(log))
    for question in ("what is kim's net worth", "What is Kim's net worth?", "recipe for soup"):
        assert main(["ask", question]) == 0
    capsys.readouterr()
    assert main(["gaps"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("   2 × ") and "net worth" in lines[0]
    assert "soup" in lines[1]
    assert "user" not in log.read_text(encoding="utf-8")


def test_run_without_a_token_is_one_clear_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN_FILE", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert "DISCORD_TOKEN" in err and len(err.splitlines()) == 1


def test_a_bad_setting_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTBOT_SHARD_COUNT", "two")
    assert main(["check"]) == 2
    assert "FACTBOT_SHARD_COUNT must be a whole number" in capsys.readouterr().err


def _factbot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`factbot ARGS` as a process, as a curator or a container runs it."""
    from tests.loopback.process import clean_env

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=clean_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_check_on_a_hostile_fact_base_ends_in_seconds_with_one_line_each(
    tiny_dirs: tuple[Path, Path],
) -> None:
    """Links to /etc/passwd and /dev/zero, a FIFO and a 100,000-digit date: each one clear
    line, exit 1, no traceback, nothing of the linked files shown."""
    facts_dir, seeds_dir = tiny_dirs
    (facts_dir / "passwd.yaml").symlink_to("/etc/passwd")
    os.mkfifo(facts_dir / "pipe.yaml")
    (seeds_dir / "tiny.txt").unlink()
    (seeds_dir / "tiny.txt").symlink_to("/dev/zero")
    story = facts_dir / "story.yaml"
    story.write_text(story.read_text().replace("date: 2020-02-03", "date: " + "9" * 100_000))
    started = time.monotonic()
    done = _factbot("check", "--facts", str(facts_dir), "--seeds", str(seeds_dir))
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 4, lines
    assert all(len(line) < 600 for line in lines)
    assert sum("outside" in line for line in lines) == 2
    assert Path("/etc/passwd").read_text().splitlines()[0] not in done.stdout
    assert "a FIFO" in done.stdout and "too long" in done.stdout


@pytest.mark.parametrize("token_file", ["/dev/zero", "/dev/null"])
def test_a_token_file_that_is_no_file_fails_fast_with_one_line_and_exit_2(token_file: str) -> None:
    started = time.monotonic()
    done = _factbot("run", env={"DISCORD_TOKEN_FILE": token_file})
    assert time.monotonic() - started < 10
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"factbot: configuration error: DISCORD_TOKEN_FILE {token_file}: ")
    assert "not a regular file (a device)" in line


def test_gaps_never_prints_a_raw_control_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "gaps.jsonl"
    monkeypatch.setenv("FACTBOT_GAPS_LOG", str(log))
    hostile = "soup \x1b]0;pwned\x07\x1b[2J\rrecipe\u202egnp.exe\x00"
    assert main(["ask", hostile]) == 0
    capsys.readouterr()
    assert main(["gaps"]) == 0
    out = capsys.readouterr().out
    assert [ch for ch in out if not ch.isprintable() and ch != "\n"] == []
    assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out


def test_the_gaps_log_rotates_at_its_cap_and_gaps_reads_both_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "gaps.jsonl"
    monkeypatch.setenv("FACTBOT_GAPS_LOG", str(log))
    monkeypatch.setenv("FACTBOT_GAPS_LOG_MB", "0.002")  # 2,097 bytes
    cap = int(0.002 * 1024 * 1024)
    questions = "".join(f"recipe for soup number {n}\n" for n in range(40))
    stdin = io.TextIOWrapper(io.BytesIO(questions.encode()))  # one load, forty questions
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["ask", "--jsonl"]) == 0
    rotated = tmp_path / "gaps.jsonl.1"
    assert rotated.exists()
    assert 0 < log.stat().st_size <= cap and 0 < rotated.stat().st_size <= cap
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gaps.jsonl", "gaps.jsonl.1"]
    kept = rotated.read_text().splitlines() + log.read_text().splitlines()
    assert "number 39" in kept[-1]  # the newest is kept, the oldest dropped
    assert not any('number 0"' in line for line in kept)
    capsys.readouterr()
    assert main(["gaps", "--top", "100"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(kept)


def test_gaps_refuses_a_log_that_is_not_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", "--log", "/dev/zero"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert (
        line == "factbot gaps: /dev/zero: not a regular file (a device): only plain files are read"
    )


def test_timeline_echoes_an_unknown_person_with_control_characters_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["timeline", "--person", "\x1b[31mzz\u202e"]) == 2  # an unknown name
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert [ch for ch in text if not ch.isprintable() and ch != "\n"] == []
    assert "no person called '\\x1b[31mzz\\u202e'" in captured.err


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_the_gaps_log_is_never_written_through_a_fifo_or_a_link(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """A question is still answered at once; the log is left alone and a warning says why."""
    log = tmp_path / "gaps.jsonl"
    target = tmp_path / "elsewhere.txt"
    if kind == "fifo":
        os.mkfifo(log)
    else:
        target.write_text("")
        log.symlink_to(target)
    monkeypatch.setenv("FACTBOT_GAPS_LOG", str(log))
    started = time.monotonic()
    assert main(["ask", "recipe for soup"]) == 0
    assert time.monotonic() - started < 5
    assert "could not write the gaps log" in caplog.text
    if kind == "link":
        assert target.read_text() == ""


def test_ask_takes_an_unquoted_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", *MEETING.split()]) == 0
    assert "May 30, 2018" in capsys.readouterr().out


def test_ask_jsonl_with_a_question_argument_says_where_questions_go(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--jsonl", MEETING]) == 2
    assert "stdin" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["gaps", "--top", "-3"], "must be 1 or more"),
        (["eval", str(DATA / "questions" / "dev.yaml"), "--fail-under", "5"], "between 0 and 1"),
        (["eval", str(DATA / "questions" / "dev.yaml"), "--show-failures", "-1"], "0 or more"),
    ],
)
def test_impossible_numbers_are_usage_errors(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_the_ask_protocol_writes_utf8_under_an_ascii_locale() -> None:
    """Under a C locale without UTF-8 (PYTHONIOENCODING=ascii shows it) the protocol still
    writes UTF-8, and a name with an accent costs no answer."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input="who is khloé kardashian\nwho is khloe kardashian\n".encode(),
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=60,
        env=env,
    )
    replies = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(replies) == 2
    assert "Khloé" in json.dumps(replies[0], ensure_ascii=False)


@pytest.mark.parametrize("option", ["--facts", "--seeds"])
def test_a_wrong_data_directory_is_one_line_and_exit_2(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["check"], ["ask", MEETING], ["timeline"]):
        assert main([*command, option, str(tmp_path / "nope")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "no directory at" in err[0] and option in err[0]


def test_gaps_finds_the_log_gaps_log_1_wrote_without_being_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FACTBOT_GAPS_LOG=1 writes $FACTBOT_STATE_DIR/gaps.jsonl while the bot runs; `factbot
    gaps` run later without the variable reads it there."""
    (tmp_path / "gaps.jsonl").write_text(
        json.dumps({"question": "who won the 1987 bake-off", "kind": "not_covered"}) + "\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FACTBOT_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("FACTBOT_GAPS_LOG", raising=False)
    assert main(["gaps"]) == 0
    assert "bake-off" in capsys.readouterr().out


def test_an_unknown_topic_is_a_usage_error_that_lists_the_topics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["timeline", "--topic", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no topic called 'nope'" in err and "prison-reform" in err


def test_a_command_on_a_badly_broken_base_shows_the_first_problems_and_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deleting an article breaks every fact that quotes it; `ask` shows the first few
    problems and how many there are, and leaves the full list to `factbot check`."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "seeds" / "000_7418826d8b4cce4a.txt").unlink()
    code = main(
        ["ask", "--facts", str(tmp_path / "facts"), "--seeds", str(tmp_path / "seeds"), MEETING]
    )
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and "the fact base is invalid" in err[-1] and "factbot check" in err[-1]


def test_export_annotations_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "annotations.json"
    assert main(["export", "--format", "annotations", "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == len(document["first"]["items"]) > 0
    assert capsys.readouterr().err == (
        f"factbot export: {document['total']} annotations written to {out}\n"
    )


def test_export_claimreview_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    facts, seeds = DATA / "timeline" / "facts", DATA / "timeline" / "seeds"
    argv = ["export", "--format", "claimreview", "--facts", str(facts), "--seeds", str(seeds)]
    assert main([*argv, "--author", "Riverton Fact Desk", "--base", "https://example.org/r/"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert [r["claimReviewed"] for r in reviews] == [
        "The bridge opened on July 14, 2018.",
        "The bridge opened on July 15, 2018.",
    ]
    assert {r["author"]["name"] for r in reviews} == {"Riverton Fact Desk"}
    assert reviews[0]["url"] == "https://example.org/r/facts/bridge-opened#claim-1"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "factbot export: give --format; formats: claimreview, annotations"),
        (["--format", "csv"], "factbot export: no format 'csv'; formats: claimreview, annotations"),
        (
            ["--format", "annotations", "--base", "my site/"],
            "factbot export: --base must be an IRI without spaces, e.g. https://example.org/news/",
        ),
    ],
)
def test_export_usage_errors_exit_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""


def test_export_to_a_folder_that_does_not_exist_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "reviews.json"
    assert main(["export", "--format", "claimreview", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"factbot export: cannot write {out}: No such file or directory\n"
    )
