"""The `factbot` command: load the fact base, call the core, render for a terminal.

Exit codes: 0 success, 1 the thing checked failed (an invalid fact base, a score below the
floor), 2 a usage or configuration error (bad arguments, no token for `run`). A command
raises the error that ends it and the code comes with the error's class (bot/exits.py).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.core import (
    Conversations,
    FactBase,
    FactBaseError,
    Matcher,
    TimelineFilter,
    UnsafeFileError,
    build_timeline,
    drift_notes,
    fact_to_json,
    load_fact_base,
    printable,
    read_fact_base,
    reply_to_json,
    uncited_sentences,
)
from bot.exits import EXIT_INTERRUPTED, EXIT_OK, CommandError, InvalidFactBaseError, UsageError
from bot.export.annotations import QuoteNotFoundError, to_annotations
from bot.export.claimreview import to_claimreviews
from bot.export.iris import DEFAULT_BASE
from bot.export.timelinejs import to_timelinejs
from bot.gaps import GapsLog, summarize
from bot.knowledge import Knowledge, load_knowledge
from bot.settings import Settings
from bot.terminal import render_explanation, render_reply, render_timeline
from bot.tools.evaluation import (
    QuestionFileError,
    evaluate,
    evaluate_conversations,
    load_conversations,
    load_questions,
    metrics_line,
)
from bot.tools.event_naming import EventReport, evaluate_events, load_events


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_everywhere()
    parser = _parser()
    args = parser.parse_args(argv)
    handler = _COMMANDS[args.command or "start"]
    try:
        return handler(args, Settings.from_env())
    except CommandError as exc:  # ConfigError, InvalidFactBaseError, UsageError, ...
        print(exc.format_message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `factbot timeline | head`
        sys.stderr.close()
        return EXIT_OK


def _utf8_everywhere() -> None:
    """Every command writes UTF-8 whatever the locale (the ask protocol promises it; under
    a C/POSIX locale Python would otherwise die on the first "Khloé")."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _count(text: str) -> int:
    """A whole number of at least 0 (argparse type)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _share(text: str) -> float:
    """A share between 0 and 1 (argparse type): reply accuracy is one."""
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factbot",
        description="Answers questions about a body of news coverage, citing the articles.",
    )
    parser.add_argument("--version", action="version", version=f"factbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the fact base (exit 1 on any problem)")
    _data_options(check)
    check.add_argument(
        "--coverage",
        action="store_true",
        help="also list, per article, the sentences no fact cites",
    )

    ask = sub.add_parser("ask", help="answer one question (or the ask protocol with --jsonl)")
    _data_options(ask)
    ask.add_argument("question", nargs="*", help="the question (quotes optional)")
    output = ask.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the reply as JSON")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help="ask protocol: questions on stdin, one JSON reply per line",
    )
    ask.add_argument("--quotes", action="store_true", help="show the supporting quotes")
    output.add_argument(
        "--explain",
        action="store_true",
        help="also show how the question was read and why each candidate scored what it did",
    )

    chat = sub.add_parser("chat", help="talk to the bot in the terminal")
    _data_options(chat)

    timeline = sub.add_parser("timeline", help="the events in order, filtered")
    _data_options(timeline)
    timeline.add_argument("--person", help="a person, by any name (fuzzy)")
    timeline.add_argument("--topic", help="a topic, by id or name")
    timeline.add_argument("--organisation", help="an organisation, by any name")
    timeline.add_argument("--place", help="a place, by any name")
    timeline.add_argument("--from", dest="year_from", type=int, metavar="YEAR")
    timeline.add_argument("--to", dest="year_to", type=int, metavar="YEAR")
    timeline.add_argument("--article", help="only events from this article id")
    timeline.add_argument("--format", choices=("table", "json", "timelinejs"), default="table")
    timeline.add_argument(
        "--json", action="store_const", const="json", dest="format", help="same as --format json"
    )

    export = sub.add_parser(
        "export", help="the fact base for other tools: ClaimReview or W3C Web Annotations"
    )
    _data_options(export)
    export.add_argument(
        "--format",
        metavar="FORMAT",
        help=f"{' or '.join(EXPORT_FORMATS)} (required)",
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    export.add_argument(
        "--author",
        default="factbot",
        metavar="NAME",
        help="who publishes the reviews or annotations (default: factbot)",
    )
    export.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"prefix of the articles' and facts' IRIs (default: {DEFAULT_BASE})",
    )

    gaps = sub.add_parser("gaps", help="the most frequent questions the bot could not answer")
    gaps.add_argument("--log", type=Path, help="gaps log (default: FACTBOT_GAPS_LOG)")
    gaps.add_argument("--top", type=_positive, default=20)

    _eval_parser(sub)
    _curation_parsers(sub)
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    sync = sub.add_parser(
        "sync",
        help="overwrite the slash commands on Discord now and print what changed",
        description="Log in over REST (no gateway), compare Discord's slash commands with "
        "the bot's, print the difference and sync them (to FACTBOT_GUILD_IDS, else "
        "globally). `factbot run` syncs by itself only when the definitions changed.",
    )
    sync.add_argument(
        "--dry-run", action="store_true", help="only print the difference; change nothing"
    )
    sub.add_parser("start", help="the Discord bot if a token is set, else the terminal chat")
    return parser


def _eval_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    eval_ = sub.add_parser("eval", help="score the bot on a question file")
    _data_options(eval_)
    eval_.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="YAML questions (the scorer's format); several are pooled",
    )
    eval_.add_argument(
        "--sweep",
        action="store_true",
        help="score every confidence threshold from 0.30 to 0.80 (calibration)",
    )
    eval_.add_argument("--show-failures", type=_count, default=0, metavar="N")
    eval_.add_argument(
        "--fail-under", type=_share, metavar="X", help="exit 1 when reply_accuracy is below X"
    )
    eval_.add_argument("--threshold", type=float, help="confidence threshold to try")
    eval_.add_argument(
        "--conversations",
        action="store_true",
        help="the files hold conversations (turns after the first are follow-ups); "
        "scored by first turns and follow-ups",
    )
    eval_.add_argument(
        "--events",
        action="store_true",
        help="the files hold event phrases with their dates: how often the matcher "
        "names the right event (bot/tools/event_naming.py)",
    )
    eval_.add_argument(
        "--alone",
        action="store_true",
        help="with --conversations: ask every turn on its own, to compare",
    )


def _curation_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """add -> draft -> review -> publish: adding an article (README, "Adding an article")."""
    add = sub.add_parser(
        "add", help="copy an article into seeds/ and list it (then: factbot draft ID)"
    )
    _data_options(add)
    add.add_argument("file", type=Path, metavar="FILE.txt", help="the article's text (UTF-8)")
    add.add_argument(
        "--id", dest="article_id", help="the article's id (default: from its headline)"
    )
    add.add_argument("--headline", help="a headline, where the text has none of its own")
    add.add_argument("--outlet", help="the outlet, where the text does not name it")
    add.add_argument(
        "--published", metavar="YYYY-MM-DD", help="its date: 2023, 2023-04 or 2023-04-18"
    )

    draft = sub.add_parser("draft", help="draft facts from an article into facts/drafts/ID.yaml")
    _data_options(draft)
    draft.add_argument("article", metavar="ID", help="the article's id in seeds/articles.yaml")
    draft.add_argument(
        "--force", action="store_true", help="draft again even if drafts already have decisions"
    )

    review = sub.add_parser(
        "review", help="decide on each draft: accept, new, merge, edit ($EDITOR), skip"
    )
    _data_options(review)
    review.add_argument("article", metavar="ID")
    review.add_argument(
        "--all", action="store_true", help="also drafts already decided (to change a decision)"
    )

    publish = sub.add_parser("publish", help="move the accepted drafts into the fact base")
    _data_options(publish)
    publish.add_argument("article", metavar="ID")


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--facts",
        type=Path,
        metavar="DIR",
        help="fact directory (default: FACTBOT_FACTS_DIR or ./facts)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        metavar="DIR",
        help="seed articles directory (default: FACTBOT_SEEDS_DIR or ./seeds)",
    )


def _dirs(args: argparse.Namespace, settings: Settings) -> tuple[Path, Path]:
    """The fact and seed directories; a path that is no directory is one usage error, not a
    page of problems that all follow from it."""
    facts = getattr(args, "facts", None) or settings.facts_dir
    seeds = getattr(args, "seeds", None) or settings.seeds_dir
    for path, option, variable in (
        (facts, "--facts", "FACTBOT_FACTS_DIR"),
        (seeds, "--seeds", "FACTBOT_SEEDS_DIR"),
    ):
        if not path.is_dir():
            raise UsageError(
                f"factbot: no directory at {printable(str(path), 200)}: "
                f"give one with {option} DIR or {variable}"
            )
    return facts, seeds


def summary(base: FactBase) -> str:
    """One line: what was loaded."""
    return (
        f"{len(base.facts)} facts, {len(base.articles)} articles, "
        f"{len(base.entities)} entities, {len(base.topics)} topics"
    )


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.curation.validate import check_drafts

    facts_dir, seeds_dir = _dirs(args, settings)
    base, problems = read_fact_base(facts_dir, seeds_dir, max_file_bytes=settings.max_file_bytes)
    if base is not None:  # drafts are checked against a valid base, by the same rules
        problems += check_drafts(facts_dir, seeds_dir)
    for problem in problems:
        print(problem)
    if problems or base is None:
        count = len(problems)
        raise CommandError(
            f"factbot check: {count} problem{'s' * (count != 1)} in {facts_dir} and {seeds_dir}"
        )
    print(f"ok: {summary(base)}")
    for note in drift_notes(base):  # the base is valid; these facts wait for a curator
        print(note)
    if args.coverage:
        for article_id, missing in uncited_sentences(base).items():
            article = base.articles[article_id]
            print(f"\n{article.file} ({article_id}): {len(missing)} uncited sentence(s)")
            for sentence in missing:
                print(f"  - {sentence}")
    return EXIT_OK


def _load(args: argparse.Namespace, settings: Settings) -> FactBase:
    """The fact base, for commands that need no matcher (`InvalidFactBaseError` if invalid)."""
    try:
        return load_fact_base(*_dirs(args, settings), max_file_bytes=settings.max_file_bytes)
    except FactBaseError as exc:
        raise InvalidFactBaseError(exc, args.command or "") from exc


def _knowledge(args: argparse.Namespace, settings: Settings, *, cache: bool = False) -> Knowledge:
    """The fact base and its matcher (bot/knowledge.py; `InvalidFactBaseError` if invalid);
    `cache`: keep the facts' vectors in the state directory (long-running commands)."""
    try:
        return load_knowledge(
            *_dirs(args, settings),
            cache_dir=settings.vector_cache if cache else None,
            max_file_bytes=settings.max_file_bytes,
        )
    except FactBaseError as exc:
        raise InvalidFactBaseError(exc, args.command or "") from exc


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    question = " ".join(args.question)  # `factbot ask when did ...` works unquoted too
    if args.jsonl and question:
        raise UsageError(
            "factbot ask --jsonl reads its questions from stdin, one per line; "
            "ask one question without --jsonl"
        )
    if not args.jsonl and not question.strip():
        raise UsageError("factbot ask: give a question, or --jsonl to read them from stdin")
    knowledge = _knowledge(args, settings)
    base, matcher = knowledge.base, knowledge.matcher
    gaps = GapsLog.for_settings(settings, threshold=matcher.threshold)
    if args.jsonl:
        return _ask_protocol(matcher, gaps)
    if args.explain:
        print(render_explanation(matcher.explain(question), base))
        return EXIT_OK
    reply = matcher.ask(question)
    if gaps:
        gaps.record(reply)
    if args.json:
        print(json.dumps(reply_to_json(reply), ensure_ascii=False, indent=2))
    else:
        rendered = render_reply(reply, base, quotes=args.quotes, quotes_option="--quotes")
        print("\n".join(printable(line) for line in rendered.split("\n")))
    return EXIT_OK


def _ask_protocol(matcher: Matcher, gaps: GapsLog | None) -> int:
    """One JSON line per stdin line, flushed, in order; nothing else on stdout. A line that
    is a JSON object {"q": ..., "conversation": ID} is asked as a follow-up in that
    conversation; any other line is a question on its own."""
    out = sys.stdout
    conversations = Conversations()
    for raw in sys.stdin.buffer:
        question, conversation_id = _protocol_line(raw.decode("utf-8", errors="replace"))
        start = time.perf_counter()
        try:
            if conversation_id is None:
                reply = matcher.ask(question)
            else:
                reply = conversations.get(conversation_id).ask(matcher, question)
        except Exception as exc:  # a bug must cost one answer, not the whole session
            print(f"factbot ask: internal error on {question[:80]!r}: {exc!r}", file=sys.stderr)
            out.write(
                json.dumps(
                    {"answered": False, "form": "facts", "facts": [], "reason": "error", "ms": 0.0}
                )
                + "\n"
            )
            out.flush()
            continue
        ms = (time.perf_counter() - start) * 1000
        if gaps:
            gaps.record(reply)
        limit = 50 if reply.form == "timeline" else 5
        out.write(json.dumps(reply_to_json(reply, limit=limit, ms=ms), ensure_ascii=False))
        out.write("\n")
        out.flush()
    return EXIT_OK


def _protocol_line(line: str) -> tuple[str, str | None]:
    """(question, conversation id or None) of one line of the ask protocol."""
    line = line.rstrip("\r\n")
    if line.startswith("{"):
        try:
            message = json.loads(line)
        except ValueError:
            return line, None
        if isinstance(message, dict) and isinstance(message.get("q"), str):
            conversation = message.get("conversation")
            return message["q"], None if conversation is None else str(conversation)[:200]
    return line, None


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import run_chat

    return run_chat(_knowledge(args, settings, cache=True), settings)


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    base = _load(args, settings)
    if args.article and args.article not in base.articles:
        raise UsageError(
            f"factbot timeline: no article '{printable(args.article, 100)}'; "
            f"articles: {', '.join(base.articles)}"
        )
    timeline = build_timeline(
        base,
        TimelineFilter(
            person=args.person,
            topic=args.topic,
            organisation=args.organisation,
            place=args.place,
            year_from=args.year_from,
            year_to=args.year_to,
            article=args.article,
        ),
    )
    if timeline.unresolved:  # a name that means nothing: a usage error, like an unknown article
        said = "; ".join(printable(value, 300) for value in timeline.unresolved)
        topics = f"; topics: {', '.join(sorted(base.topics))}" if args.topic else ""
        raise UsageError(f"factbot timeline: {said}{topics}")
    if args.format == "timelinejs":
        print(json.dumps(to_timelinejs(timeline, base), ensure_ascii=False, indent=2))
    elif args.format == "json":
        # Each event as the ask protocol writes it, plus its date as people read it.
        events = [
            {
                **fact_to_json(fact, base.articles),
                "display_date": fact.date.display() if fact.date else None,
            }
            for fact in timeline.events
        ]
        print(
            json.dumps(
                {"filter": timeline.filter.describe(), "events": events},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print("\n".join(printable(line) for line in render_timeline(timeline, base).split("\n")))
    return EXIT_OK if timeline.events else CommandError.exit_code  # the table said why


EXPORT_FORMATS = ("claimreview", "annotations")


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    if args.format not in EXPORT_FORMATS:
        said = f"no format '{printable(args.format, 40)}'" if args.format else "give --format"
        raise UsageError(f"factbot export: {said}; formats: {', '.join(EXPORT_FORMATS)}")
    if not args.base.strip() or any(ch.isspace() for ch in args.base):
        raise UsageError(
            "factbot export: --base must be an IRI without spaces, e.g. https://example.org/news/"
        )
    base = _load(args, settings)
    try:
        if args.format == "claimreview":
            reviews = to_claimreviews(base, author=args.author, iri_base=args.base)
            document: object = reviews
            count = f"{len(reviews)} reviews"
        else:
            annotations = to_annotations(base, author=args.author, iri_base=args.base)
            document = annotations
            count = f"{annotations['total']} annotations"
    except QuoteNotFoundError as exc:
        raise CommandError(f"factbot export: {exc}") from exc
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            f"factbot export: cannot write {printable(str(args.out), 200)}: {exc.strerror}"
        ) from exc
    print(f"factbot export: {count} written to {printable(str(args.out), 200)}", file=sys.stderr)
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace, settings: Settings) -> int:
    path = args.log or settings.gaps_log
    if path is None and (settings.state_dir / "gaps.jsonl").is_file():
        path = settings.state_dir / "gaps.jsonl"  # where FACTBOT_GAPS_LOG=1 wrote it
    if path is None:
        raise UsageError(
            "factbot gaps: no log configured; set FACTBOT_GAPS_LOG=1 (or a path) while the "
            "bot runs, or pass --log FILE"
        )
    if not path.exists() and not path.is_symlink():
        print(f"factbot gaps: {path} does not exist yet: nothing has been logged", file=sys.stderr)
        return EXIT_OK
    try:
        summaries, bad = summarize(path, top=args.top, max_bytes=settings.gaps_log_max_bytes)
    except UnsafeFileError as exc:
        raise CommandError(f"factbot gaps: {printable(str(path))}: {exc}") from exc
    if not summaries:
        print("No gaps logged: every question so far was answered confidently.")
    for item in summaries:
        # Questions are strangers' text: escape anything that would drive the terminal.
        kinds = ", ".join(f"{printable(k, 20)} {v}" for k, v in sorted(item.kinds.items()))
        best = f"  (closest fact: {printable(item.best, 100)})" if item.best else ""
        print(f"{item.count:>4} × {printable(item.question, 300)}  [{kinds}]{best}")
    if bad:
        print(f"({bad} unreadable line(s) skipped)", file=sys.stderr)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    return _eval_events(args, settings) if args.events else _eval_questions(args, settings)


def _eval_questions(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot eval FILE...`: questions, or conversations, scored as `score.py` would."""
    if args.alone and not args.conversations:
        raise UsageError("factbot eval: --alone goes with --conversations")
    try:
        if args.conversations:
            talks = [c for path in args.files for c in load_conversations(path)]
            questions = [q for turns in talks for q in turns]
        else:
            questions = [q for path in args.files for q in load_questions(path)]
    except QuestionFileError as exc:
        raise UsageError(f"factbot eval: {exc}") from exc
    base = _load(args, settings)
    if args.sweep:
        for step in range(30, 81, 5):
            report = evaluate(questions, Matcher(base, threshold=step / 100).ask)
            print(f"threshold={step / 100:.2f} {metrics_line(report.metrics())}")
        return EXIT_OK
    matcher = Matcher(base) if args.threshold is None else Matcher(base, threshold=args.threshold)
    if args.conversations:
        conversations = Conversations(limit=len(talks))
        report = evaluate_conversations(
            talks,
            lambda n, q: matcher.ask(q) if args.alone else conversations.get(n).ask(matcher, q),
        )
    else:
        report = evaluate(questions, matcher.ask)
    metrics = report.metrics()
    names = ", ".join(str(p) for p in args.files)
    print(
        f"{names}: {len(questions)} questions "
        f"({len(report.answerable)} answerable, {len(report.unanswerable)} unanswerable)"
    )
    for kind, sub in report.by_kind().items():
        m = sub.metrics()
        print(f"  {kind:<12} n={len(sub.outcomes):<3} reply_accuracy={m['reply_accuracy']:.2f}")
    for outcome in report.failures()[: args.show_failures]:
        q = outcome.question
        best = outcome.reply.facts[0] if outcome.reply.facts else None
        got = f"{best.fact.id} ({best.score:.2f})" if best else "abstained"
        near = outcome.reply.near_misses[:1]
        if not best and near:
            got += f", closest {near[0].fact.id} ({near[0].score:.2f})"
        print(f"- [{q.label}{'' if q.answerable else ', unanswerable'}] {q.q}\n    got: {got}")
    print(metrics_line(metrics))
    accuracy = metrics["reply_accuracy"] or 0.0
    if args.fail_under is not None and accuracy < args.fail_under:
        raise CommandError(
            f"factbot eval: reply_accuracy {accuracy:.3f} is below {args.fail_under}"
        )
    return EXIT_OK


def _eval_events(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot eval --events FILE...`: each file's share of phrases named right."""
    if args.conversations or args.sweep:
        raise UsageError("factbot eval: --events goes with neither --conversations nor --sweep")
    try:
        sets = [(path, load_events(path)) for path in args.files]
    except QuestionFileError as exc:
        raise UsageError(f"factbot eval: {exc}") from exc
    base = _load(args, settings)
    matcher = Matcher(base) if args.threshold is None else Matcher(base, threshold=args.threshold)
    reports = [(path, evaluate_events(phrases, matcher.event_named)) for path, phrases in sets]
    for path, report in reports:
        print(f"{path}: {report.line()}")
    if len(reports) > 1:
        print(f"all: {EventReport.pooled([r for _, r in reports]).line()}")
    return EXIT_OK


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.curation.intake import IntakeError, add_article
    from bot.curation.workflow import mark_pending

    facts_dir, seeds_dir = _dirs(args, settings)
    if not args.file.is_file():
        raise UsageError(f"factbot add: no file at {printable(str(args.file), 200)}")
    try:
        added = add_article(
            args.file,
            seeds_dir,
            article_id=args.article_id,
            headline=args.headline,
            outlet=args.outlet,
            published=args.published,
        )
    except (IntakeError, UnsafeFileError) as exc:
        raise CommandError(f"factbot add: {exc}") from exc
    mark_pending(facts_dir, added.id)
    print(f"added '{added.id}' as {added.path}")
    for key, value in added.entry.items():
        print(f"  {key}: {value}")
    print(f"next: factbot draft {added.id}")
    return EXIT_OK


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from bot.curation.store import DraftFileError
    from bot.curation.workflow import DecisionsWouldBeLostError, draft

    facts_dir, seeds_dir = _dirs(args, settings)
    try:
        drafted = draft(facts_dir, seeds_dir, args.article, force=args.force)
    except (DecisionsWouldBeLostError, DraftFileError) as exc:
        raise CommandError(f"factbot draft: {exc}") from exc
    except FactBaseError as exc:
        raise InvalidFactBaseError(exc, "draft") from exc
    except KeyError as exc:
        raise UsageError(
            f"factbot draft: no article '{printable(args.article, 100)}' in "
            f"{seeds_dir / 'articles.yaml'}; add it with factbot add FILE.txt"
        ) from exc
    drafts = drafted.result.drafts
    merges = sum(d.proposal == "merge" for d in drafts)
    conflicts = sum(d.proposal == "conflict" for d in drafts)
    unresolved = sum(bool(d.unresolved) for d in drafts)
    print(
        f"{len(drafts)} drafts in {drafted.paths.facts} ({drafted.seconds:.2f} s): "
        f"{merges} restate an existing fact, {conflicts} disagree with one, "
        f"{unresolved} with something unresolved"
    )
    if drafted.paths.entities.is_file():
        print(f"proposed entities: {drafted.paths.entities}")
    print(f"next: factbot review {args.article}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    from bot.curation.review import ReviewError, review
    from bot.curation.store import DraftFileError, DraftPaths

    facts_dir, _ = _dirs(args, settings)
    try:
        counts = review(DraftPaths.of(facts_dir, args.article), only_pending=not args.all)
    except ReviewError as exc:
        raise UsageError(f"factbot review: {exc}") from exc
    except DraftFileError as exc:
        raise CommandError(f"factbot review: {exc}") from exc
    print("decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not counts.get("pending"):
        print(f"next: factbot publish {args.article}")
    return EXIT_OK


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    from bot.curation.publish import PublishError, publish

    facts_dir, seeds_dir = _dirs(args, settings)
    try:
        done = publish(facts_dir, seeds_dir, args.article)
    except PublishError as exc:
        for problem in exc.problems:
            print(problem)
        raise CommandError(f"factbot publish: {exc}; nothing was changed") from exc
    print(
        f"published '{args.article}': {done.new} new fact(s)"
        + (f" in {done.story}" if done.story else "")
        + f", {done.merged} merged into existing facts, {done.skipped} skipped, "
        f"{done.entities} new entities; run make train, then /reload"
    )
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.launcher import run_discord

    return run_discord(settings)


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.launcher import run_sync

    return run_sync(settings, dry_run=args.dry_run)


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token is None:
        print(
            "factbot: no Discord token set, starting the terminal chat "
            "(set DISCORD_TOKEN to run on Discord)",
            file=sys.stderr,
        )
        return cmd_chat(args, settings)
    return cmd_run(args, settings)


_COMMANDS = {
    "add": cmd_add,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "check": cmd_check,
    "draft": cmd_draft,
    "eval": cmd_eval,
    "export": cmd_export,
    "gaps": cmd_gaps,
    "publish": cmd_publish,
    "review": cmd_review,
    "run": cmd_run,
    "start": cmd_start,
    "sync": cmd_sync,
    "timeline": cmd_timeline,
}
