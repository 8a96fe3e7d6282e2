"""`factbot add`: copy an article into seeds/ byte for byte and list it in the manifest.

What the text shows about itself (a headline line, a byline, a dateline, "Videos by ...")
is read from it; the rest comes from the curator's flags. A value worked out rather than
stated is written with `*_inferred_from` saying from what, as the manifest already does.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.core import PartialDate, read_bytes, text_sha256
from bot.core.normalize import normalize

MANIFEST = "articles.yaml"
NEAR_DUPLICATE = 90  # rapidfuzz ratio of the normalised texts at which two articles are one
HEADLINE_MAX = 160  # characters: a longer first line is a paragraph, not a headline
_DATELINE = re.compile(r"^\s*(?:date|published|updated)[:\s]+(\d{4}-\d{2}-\d{2})\b", re.I)
_BYLINE = re.compile(
    r"^\s*(?:[Bb]y|[Ww]ritten by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$"
)
_VIDEOS_BY = re.compile(r"^\s*Videos by\s+(.+?)\s*$")
_SLUG_WORD = re.compile(r"[a-z0-9]+")


class IntakeError(Exception):
    """The article cannot be added; the message says why and what to do instead."""


@dataclass(frozen=True, slots=True)
class Added:
    """What `add_article` wrote: the manifest entry (as YAML fields) and the seed file."""

    id: str
    path: Path
    entry: dict[str, object]


@dataclass(frozen=True, slots=True)
class Shown:
    """What an article's own text says about itself."""

    headline: str | None
    author: str | None
    published: str | None
    outlet: str | None
    outlet_line: str | None


def read_own_lines(text: str) -> Shown:
    """The headline (a short first line without a full stop), byline, dateline and
    "Videos by" outlet, where the text has them."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    headline = author = published = outlet = outlet_line = None
    for line in lines[:6]:
        if match := _DATELINE.match(line):
            published = match.group(1)
            rest = line[match.end() :].strip()
            if rest and headline is None and _headline_like(rest):
                headline = rest
        elif match := _BYLINE.match(line):
            author = match.group(1)
        elif headline is None and _headline_like(line):
            headline = line
    for line in lines:
        if match := _VIDEOS_BY.match(line):
            outlet, outlet_line = match.group(1), line
            break
    return Shown(headline, author, published, outlet, outlet_line)


def _headline_like(line: str) -> bool:
    return len(line) <= HEADLINE_MAX and not line.rstrip().endswith((".", "]", "…", ":"))


def add_article(
    source: Path,
    seeds_dir: Path,
    *,
    article_id: str | None = None,
    headline: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> Added:
    """Copy `source` into `seeds_dir` and append its manifest entry; refuse a duplicate."""
    data = read_bytes(source, folder=source.parent)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{source} is not UTF-8 text (byte {exc.start}): save it as UTF-8 and add it again"
        ) from exc
    if not text.strip():
        raise IntakeError(f"{source} is empty: nothing to add")
    manifest_path = seeds_dir / MANIFEST
    entries = _entries(manifest_path)
    _refuse_duplicate(data, text, seeds_dir, entries)
    shown = read_own_lines(text)
    if published is not None:
        try:
            PartialDate.parse(published)
        except ValueError as exc:
            raise IntakeError(f"--published: {exc}") from exc
    entry: dict[str, object] = {}
    title = headline or shown.headline
    if title is None:
        raise IntakeError(
            f"{source} has no headline line of its own: give one with --headline "
            "(it is then marked as ours, headline_editorial: true)"
        )
    new_id = article_id or _slug(title, published or shown.published)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", new_id):
        raise IntakeError(f"--id '{new_id}' must be a slug: lowercase letters, digits, hyphens")
    if any(e.get("id") == new_id for e in entries):
        raise IntakeError(f"an article with id '{new_id}' is already listed: choose another --id")
    name = f"{_next_number(seeds_dir):03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
    entry["id"] = new_id
    entry["file"] = name
    entry["sha256"] = text_sha256(text)  # the text its facts are drafted from
    entry["headline"] = title
    if headline is not None and headline != shown.headline:
        entry["headline_editorial"] = True
    entry["outlet"] = outlet or shown.outlet
    if outlet is None and shown.outlet_line:
        entry["outlet_inferred_from"] = f'The "{shown.outlet_line}" line in the text.'
    entry["author"] = shown.author
    if published is not None:
        entry["published"] = published
    elif shown.published is not None:
        entry["published"] = shown.published
    path = seeds_dir / name
    path.write_bytes(data)
    _append_entry(manifest_path, entry)
    return Added(new_id, path, entry)


def _entries(manifest: Path) -> list[dict[str, object]]:
    if not manifest.is_file():
        raise IntakeError(f"{manifest} not found: run from the project, or give --seeds DIR")
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    entries = data.get("articles") if isinstance(data, dict) else None
    return [e for e in entries or [] if isinstance(e, dict)]


def _refuse_duplicate(
    data: bytes, text: str, seeds_dir: Path, entries: list[dict[str, object]]
) -> None:
    """Same bytes, or near-same text (a re-saved or re-scraped copy), as a listed article."""
    digest = hashlib.sha256(data).digest()
    folded = normalize(text)
    for entry in entries:
        path = seeds_dir / str(entry.get("file"))
        if not path.is_file():
            continue
        other = path.read_bytes()
        if hashlib.sha256(other).digest() == digest:
            raise IntakeError(
                f"already added: {path.name} ('{entry.get('id')}') has the same bytes"
            )
        similarity = fuzz.ratio(folded, normalize(other.decode("utf-8", errors="replace")))
        if similarity >= NEAR_DUPLICATE:
            raise IntakeError(
                f"already added: {path.name} ('{entry.get('id')}') has nearly the same text "
                f"({similarity:.0f}% alike); edit that article's entry instead"
            )


def _next_number(seeds_dir: Path) -> int:
    numbers = [int(p.name[:3]) for p in seeds_dir.glob("*.txt") if p.name[:3].isdigit()]
    return max(numbers, default=-1) + 1


def _slug(headline: str, published: str | None) -> str:
    words = _SLUG_WORD.findall(headline.lower())[:5]
    year = published[:4] if published else None
    return "-".join([*words, *([year] if year else [])]) or "article"


def _append_entry(manifest: Path, entry: dict[str, object]) -> None:
    """Append the entry as text, so the manifest's comments and layout stay as they are."""
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=88)
    indented = "".join(f"  {line}" if line.strip() else line for line in block.splitlines(True))
    current = manifest.read_text(encoding="utf-8")
    separator = "" if current.endswith("\n\n") else ("\n" if current.endswith("\n") else "\n\n")
    manifest.write_text(current + separator + indented, encoding="utf-8")
