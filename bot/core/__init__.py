"""The pure core of factbot: fact base, matcher, timeline and replies.

No Discord import, no environment reads, no printing: everything here can be driven from a
REPL or a test, and both front ends (terminal and Discord) render what it returns. This
module is the core's public API: front ends import from `bot.core`, not from its modules
(tests/test_boundaries.py checks it).
"""

from bot.core.changes import FactChange, fact_changes
from bot.core.checks import drift_notes, quote_offsets, text_sha256, uncited_sentences
from bot.core.conversation import Conversation, Conversations
from bot.core.errors import FactBaseError, Problem
from bot.core.escaping import printable
from bot.core.examples import example_questions
from bot.core.explain import Explanation, Passage, Why
from bot.core.files import MAX_FILE_BYTES, MIB, UnsafeFileError, read_bytes, read_text
from bot.core.loading import load_fact_base, paused_gc, read_fact_base
from bot.core.matcher import Matcher
from bot.core.models import (
    Article,
    Claim,
    Conflict,
    Entity,
    Fact,
    FactBase,
    PartialDate,
    Source,
    Story,
    Suspension,
    Topic,
    citations,
    cited_articles,
)
from bot.core.names import SuggestKind, suggest
from bot.core.presentation import (
    KEY_EVENTS,
    is_hedged,
    is_same_event,
    key_events,
    more_answers,
    related_facts,
    settle_choices,
    short_citation,
    subjects_of,
)
from bot.core.query import MAX_QUESTION_CHARS, looks_like_question
from bot.core.reply import Abstention, RankedFact, Reply, fact_to_json, reply_to_json
from bot.core.timeline import Timeline, TimelineFilter, TimelinePage, build_timeline

__all__ = [
    "KEY_EVENTS",
    "MAX_FILE_BYTES",
    "MAX_QUESTION_CHARS",
    "MIB",
    "Abstention",
    "Article",
    "Claim",
    "Conflict",
    "Conversation",
    "Conversations",
    "Entity",
    "Explanation",
    "Fact",
    "FactBase",
    "FactBaseError",
    "FactChange",
    "Matcher",
    "PartialDate",
    "Passage",
    "Problem",
    "RankedFact",
    "Reply",
    "Source",
    "Story",
    "SuggestKind",
    "Suspension",
    "Timeline",
    "TimelineFilter",
    "TimelinePage",
    "Topic",
    "UnsafeFileError",
    "Why",
    "build_timeline",
    "citations",
    "cited_articles",
    "drift_notes",
    "example_questions",
    "fact_changes",
    "fact_to_json",
    "is_hedged",
    "is_same_event",
    "key_events",
    "load_fact_base",
    "looks_like_question",
    "more_answers",
    "paused_gc",
    "printable",
    "quote_offsets",
    "read_bytes",
    "read_fact_base",
    "read_text",
    "related_facts",
    "reply_to_json",
    "settle_choices",
    "short_citation",
    "subjects_of",
    "suggest",
    "text_sha256",
    "uncited_sentences",
]
