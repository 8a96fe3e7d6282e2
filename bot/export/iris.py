"""The IRIs the linked-data exports (ClaimReview, Web Annotations) give articles and facts.

Both formats name things by IRI, and an article or a fact must get the same one in each, so
a tool that reads both can join them. The default base, `urn:factbot:`, is stable and needs
no web server: an article is `urn:factbot:seeds/002_40b6695788b00f01.txt` (its seed file's
path in the project, as `Article.file` holds it) and a fact `urn:factbot:facts/trump-meeting`.
A newsroom that publishes the articles and facts passes its own base (`https://example.org/
coverage/`), and the same paths then resolve to them.
"""

from __future__ import annotations

from urllib.parse import quote

from bot.core import Article

DEFAULT_BASE = "urn:factbot:"


def article_iri(base: str, article: Article) -> str:
    """The seed file's IRI: `base` + its path in the project (`seeds/NAME.txt`)."""
    return base + quote(article.file, safe="/")


def fact_iri(base: str, fact_id: str) -> str:
    """A fact's IRI: `base` + `facts/` + its id."""
    return f"{base}facts/{quote(fact_id, safe='')}"


def is_web(base: str) -> bool:
    """Whether IRIs under `base` are web addresses a browser can open (so a page's `url`)."""
    return base.startswith(("https://", "http://"))
