"""The `factbot` command: load the fact base, call the core, render for a terminal.

Exit codes: 0 success, 1 the thing checked failed (an invalid fact base, a score below the
floor), 2 a usage or configuration error (bad arguments, no token for `run`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.core import FactBase, read_fact_base, uncited_sentences
from bot.settings import ConfigError, Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"factbot: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = _COMMANDS[args.command]
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `factbot timeline | head`
        sys.stderr.close()
        return EXIT_OK


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
    return parser


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
    return (
        getattr(args, "facts", None) or settings.facts_dir,
        getattr(args, "seeds", None) or settings.seeds_dir,
    )


def summary(base: FactBase) -> str:
    """One line: what was loaded."""
    return (
        f"{len(base.facts)} facts, {len(base.articles)} articles, "
        f"{len(base.entities)} entities, {len(base.topics)} topics"
    )


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    facts_dir, seeds_dir = _dirs(args, settings)
    base, problems = read_fact_base(facts_dir, seeds_dir)
    for problem in problems:
        print(problem)
    if problems or base is None:
        count = len(problems)
        print(
            f"factbot check: {count} problem{'s' * (count != 1)} in {facts_dir} and {seeds_dir}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"ok: {summary(base)}")
    if args.coverage:
        for article_id, missing in uncited_sentences(base).items():
            article = base.articles[article_id]
            print(f"\n{article.file} ({article_id}): {len(missing)} uncited sentence(s)")
            for sentence in missing:
                print(f"  - {sentence}")
    return EXIT_OK


_COMMANDS = {
    "check": cmd_check,
}
