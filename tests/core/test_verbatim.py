"""A quote must be verbatim: only whitespace and straight versus curly quotation marks and
apostrophes may differ from the article. The matcher stays lenient."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import load_fact_base, quote_offsets, read_fact_base
from bot.core.normalize import collapse_whitespace, fold_for_quotes, normalize
from tests.conftest import ROOT

# The tiny article says: “It’s a great day,” she said.
FORGIVEN = [
    '"It\'s a great day," she said.',  # straight quotes and apostrophe
    "“It’s a great day,” she said.",  # the article's own curly ones
    '"It\'s   a great\n  day," she said.',  # whitespace and a line break
    '"It\'s a\u00a0great\tday," she said. ',  # a no-break space, a tab, a trailing space
]
# Marks that look like quotes or apostrophes but are other characters.
NOT_FORGIVEN = {
    "backtick": "“It`s a great day,” she said.",
    "acute accent": "“It´s a great day,” she said.",
    "prime": "“It′s a great day,” she said.",
    "reversed-9 quote": "“It‛s a great day,” she said.",
    "guillemets": "«It’s a great day,» she said.",
    "low-9 quotes": "„It’s a great day,“ she said.",  # German style
    "double prime": "″It’s a great day,″ she said.",
    "single low-9 quote": "“It‚s a great day,” she said.",
}


def _quote(facts_dir: Path, quote: str) -> None:
    story = facts_dir / "story.yaml"
    text = story.read_text(encoding="utf-8")
    old = 'quote: "\\"It\'s a great day,\\" she said."'
    assert old in text
    escaped = quote.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    story.write_text(text.replace(old, f'quote: "{escaped}"'), encoding="utf-8")


@pytest.mark.parametrize("quote", FORGIVEN)
def test_whitespace_and_curly_quotes_are_forgiven(tiny_dirs: tuple[Path, Path], quote: str) -> None:
    _quote(tiny_dirs[0], quote)
    assert load_fact_base(*tiny_dirs).facts_by_id["ada-great-day"]


@pytest.mark.parametrize("quote", NOT_FORGIVEN.values(), ids=NOT_FORGIVEN.keys())
def test_other_quote_like_marks_are_not_verbatim(tiny_dirs: tuple[Path, Path], quote: str) -> None:
    _quote(tiny_dirs[0], quote)
    _, problems = read_fact_base(*tiny_dirs)
    assert [p.message.split(":")[0] for p in problems] == [
        "quote not found verbatim in seeds/tiny.txt ('tiny-article')"
    ]


@pytest.mark.parametrize(
    ("question", "same_as"),
    [
        ("Kim‛s visit", "Kim's visit"),
        ("«Baby bar»", '"baby bar"'),
        ("„Optimistic‟ Kim", "‘Optimistic’ Kim"),
        ("Khloé′s prison visit", "khloe's prison visit"),
    ],
)
def test_the_matcher_still_reads_any_quote_mark_as_one(question: str, same_as: str) -> None:
    assert normalize(question) == normalize(same_as)


# The same article sentence, with an astral character before it: offsets count code points.
ARTICLE = "Rain 🌧 at last.\n“It’s a great\n day,” she said. Then “it’s a great day,” again."


@pytest.mark.parametrize("quote", FORGIVEN)
def test_quote_offsets_give_the_articles_own_words(quote: str) -> None:
    """A forgiven quote is found where the article has it, and the span holds the article's
    own spacing and marks (what an annotation's exact text must be)."""
    start, end = quote_offsets(ARTICLE, quote) or (-1, -1)
    assert (start, end) == (16, 46)
    assert ARTICLE[start:end] == "“It’s a great\n day,” she said."


@pytest.mark.parametrize("quote", NOT_FORGIVEN.values(), ids=NOT_FORGIVEN.keys())
def test_quote_offsets_find_no_quote_that_is_not_verbatim(quote: str) -> None:
    assert quote_offsets(ARTICLE, quote) is None


def test_quote_offsets_agree_with_the_loader_on_every_shipped_quote() -> None:
    """Every quote the loader accepted is found, and its span reads as the quote."""
    base = load_fact_base(ROOT / "facts", ROOT / "seeds")
    for fact in base.facts:
        claims = fact.conflict.claims if fact.conflict else ()
        for source in (*fact.sources, *(s for claim in claims for s in claim.sources)):
            text = base.articles[source.article].text
            span = quote_offsets(text, source.quote)
            assert span is not None, (fact.id, source.quote)
            assert fold_for_quotes(text[span[0] : span[1]]) == fold_for_quotes(source.quote)
    assert quote_offsets("anything", "  ") is None  # an empty quote is nowhere


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200bab’é"))
    | st.text()
)
def test_collapsing_whitespace_is_splitting_into_words_and_joining_them(text: str) -> None:
    """The shortcut for text with nothing to collapse changes nothing: every kind of
    whitespace str.split() knows is still collapsed, and nothing else is touched."""
    assert collapse_whitespace(text) == " ".join(text.split())
