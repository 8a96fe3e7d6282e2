"""The bot in the terminal: the same replies as on Discord, rendered as text.

Plain lines are questions; lines starting with "/" are the Discord slash commands
(/timeline, /fact, /sources, /about, /reload, /help, /quit).
"""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from typing import TextIO

from bot import __version__
from bot.core import (
    Conversation,
    FactBase,
    FactBaseError,
    Matcher,
    TimelineFilter,
    build_timeline,
    drift_notes,
    example_questions,
    printable,
)
from bot.gaps import GapsLog
from bot.knowledge import Knowledge, reload_knowledge
from bot.scorecard import load_scorecard
from bot.settings import Settings
from bot.terminal import (
    render_events,
    render_explanation,
    render_reply,
    render_timeline,
    render_why,
)

PROMPT = "you> "
HELP = """Ask anything about the coverage, in your own words. Commands:
  /timeline [person=NAME] [topic=T] [from=YEAR] [to=YEAR]   events in order
  /fact ID          one fact with its sources and quotes
  /why              why the last answer was chosen (the matcher's explanation)
  /sources          the articles the bot knows
  /about            version, facts loaded, uptime
  /reload           re-read facts/ and seeds/ (keeps the old base if the new one is invalid)
  /quit             leave (or Ctrl-D)"""


TIMELINE_OPTIONS = ("person", "topic", "place", "organisation", "from", "to")
YEAR_DIGITS = 4


class TerminalChat:
    """A chat session: holds the current fact base and answers line by line."""

    def __init__(self, knowledge: Knowledge, settings: Settings) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.started = time.monotonic()
        self.conversation = Conversation()
        self.gaps = GapsLog.for_settings(settings, threshold=self.matcher.threshold)
        self._commands: dict[str, Callable[[list[str]], str]] = {
            "timeline": self._timeline,
            "fact": self._fact,
            "sources": self._sources,
            "about": self._about,
            "reload": self._reload,
            "why": self._why,
            "help": lambda _: HELP,
        }

    @property
    def base(self) -> FactBase:
        return self.knowledge.base

    @property
    def matcher(self) -> Matcher:
        return self.knowledge.matcher

    def respond(self, line: str) -> str | None:
        """The reply to one line of input; None means the user wants to leave."""
        line = line.strip()
        if line.lower() in ("help", "?", "commands"):  # what a newcomer types first
            line = "/help"
        if line.startswith("/"):
            try:
                name, *rest = shlex.split(line[1:]) or [""]
            except ValueError:
                name, *rest = line[1:].split()
            if name in ("quit", "exit", "q"):
                return None
            command = self._commands.get(name.lower())
            if command is None:
                return f"Unknown command /{name}. Type /help for the list."
            return command(rest)
        reply = self.conversation.ask(self.matcher, line)  # "and when was that?" follows on
        if self.gaps:
            self.gaps.record(reply)
        return render_reply(reply, self.base)

    def _timeline(self, args: list[str]) -> str:
        options: dict[str, str] = {}
        loose: list[str] = []
        for arg in args:
            key, sep, value = arg.partition("=")
            if sep and key not in TIMELINE_OPTIONS:
                return f"Unknown option '{key}'. /timeline takes {', '.join(TIMELINE_OPTIONS)}."
            if sep:
                options[key] = value
            else:
                loose.append(arg)
        if loose and not options:  # "/timeline khloe 2023": read it like a question
            reply = self.matcher.ask("timeline " + " ".join(loose))
            return render_reply(reply, self.base)
        for word in loose:  # "/timeline person=khloe 2024": a year beside the options
            if not (word.isdigit() and len(word) == YEAR_DIGITS):
                return f"'{word}' is not a year; give the rest as {', '.join(TIMELINE_OPTIONS)}."
            options.setdefault("from", word)
            options.setdefault("to", word)
        try:
            year_from = int(options["from"]) if "from" in options else None
            year_to = int(options["to"]) if "to" in options else None
        except ValueError:
            return "from= and to= take a year, e.g. /timeline from=2018 to=2019"
        timeline = build_timeline(
            self.base,
            TimelineFilter(
                person=options.get("person"),
                topic=options.get("topic"),
                place=options.get("place"),
                organisation=options.get("organisation"),
                year_from=year_from,
                year_to=year_to,
            ),
        )
        return render_timeline(timeline, self.base)  # it says why when nothing matched

    def _fact(self, args: list[str]) -> str:
        if not args:
            return "Usage: /fact ID (e.g. /fact " + self.base.facts[0].id + ")"
        fact = self.base.facts_by_id.get(args[0])
        if fact is None:
            close = ", ".join(i for i, _ in self.matcher.suggest_fact_ids(args[0], limit=3))
            return f"No fact '{args[0]}'. Closest ids: {close}"
        title = f"{fact.id} ({fact.story})"
        return (
            render_events(title, [fact], base=self.base, quotes=True)
            if fact.date
            else (
                f"{title}\n{fact.text}\n"
                + "\n".join(
                    f"  — {self.base.articles[s.article].citation()}\n    “{s.quote}”"
                    for s in fact.sources
                )
            )
        )

    def _sources(self, _: list[str]) -> str:
        lines = ["The coverage:"]
        for article in self.base.articles.values():
            lines.append(f"  • {article.citation()}  [{article.id}, {article.file}]")
        return "\n".join(lines)

    def _about(self, _: list[str]) -> str:
        uptime = int(time.monotonic() - self.started)
        card = load_scorecard()
        return "\n".join(
            [
                f"factbot {__version__}: {len(self.base.facts)} facts from "
                f"{len(self.base.articles)} articles; up {uptime // 60} min {uptime % 60} s",
                *(card.lines() if card else []),
            ]
        )

    def _why(self, _: list[str]) -> str:
        """The explanation of the last answer: how the question was read (as a follow-up,
        rewritten), each candidate's features and why it answered or abstained."""
        last = self.conversation.last()
        if last is None:
            return "Ask a question first; /why then shows why that answer was chosen."
        why = self.matcher.why(last.question)
        if why is None:  # no answer: the curator's view says why not
            return render_explanation(self.matcher.explain(last.question), self.base)
        return render_why(why)

    def _reload(self, _: list[str]) -> str:
        settings = self.settings
        try:
            knowledge = reload_knowledge(
                self.knowledge,
                settings.facts_dir,
                settings.seeds_dir,
                max_file_bytes=settings.max_file_bytes,
            )
        except FactBaseError as exc:
            shown = "\n".join(f"  {p}" for p in exc.problems[:10])
            return f"Reload failed; still answering from the old fact base:\n{shown}"
        self.knowledge = knowledge
        base = knowledge.base
        notes = [f"  {note}" for note in drift_notes(base)]  # facts held back, as check says
        return "\n".join(
            [f"Reloaded: {len(base.facts)} facts from {len(base.articles)} articles.", *notes]
        )


def run_chat(
    knowledge: Knowledge,
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Read questions until end of input or /quit."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    chat = TerminalChat(knowledge, settings)
    base = knowledge.base
    interactive = stdin.isatty()
    if interactive and stdin is sys.stdin:
        import readline  # noqa: F401  (line editing and history for input())
    if interactive:
        examples = "; ".join(f"“{q}”" for q in example_questions(base, 2))
        print(
            f"factbot {__version__}: {len(base.facts)} facts from {len(base.articles)} "
            f"articles. Ask away, e.g. {examples}. /help for commands.",
            file=stdout,
        )
    while True:
        if interactive and stdin is sys.stdin:
            try:
                line = input(PROMPT) + "\n"  # with readline: arrow keys and history
            except EOFError:
                break
        else:
            if interactive:
                print(PROMPT, end="", file=stdout, flush=True)
            line = stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        answer = chat.respond(line)
        if answer is None:
            break
        # Answers echo what was typed ("No fact '...'"): no control character gets through.
        shown = "\n".join(printable(line) for line in answer.split("\n"))
        print(shown + "\n", file=stdout, flush=True)
    return 0
