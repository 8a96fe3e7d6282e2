"""Leave-one-out figures for `factbot draft` (issue 14; README, "Adding an article").

For each shipped article: remove what it contributes from the fact base (its sources; facts
left with none are dropped), draft it against the rest, and compare the drafts with the
curated facts that cite it. Then a zero-curation base: every article drafted in turn and
every draft accepted unchanged, checked by the loader and scored on the dev set beside the
curated base. Run with `make curation-eval`.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bot.core import Fact, FactBase, Matcher, load_fact_base, read_fact_base
from bot.core.checks import quote_span
from bot.core.semantic import shipped_embedder
from bot.curation.dates import find_dates
from bot.curation.drafting import Draft, draft_article
from bot.curation.merging import DEFAULT, Candidate, Weights, candidates, choose
from bot.curation.review import decide_all
from bot.curation.store import DraftPaths, write_drafts
from bot.curation.workflow import draft, draft_base, mark_pending
from bot.tools.evaluation import evaluate, load_questions

ROOT = Path(__file__).resolve().parent.parent
# A draft's text that still opens (after an opening phrase) with a pronoun or an epithet.
_SUBJECT_LEFT = re.compile(
    r"^(?:[A-Z][^,\"“”]{0,80},\s*)?(?:she|he|they|her|his|their|it|"
    r"(?:the|this|that)\s+(?:\d+-year-old|(?:[\w-]+\s+){0,2}(?:star|mogul|founder|ceo|"
    r"singer|rapper|actress|actor|businesswoman|businessman|mother|sister|wife|engineer|"
    r"official|mayor|leader|politician|lawyer|activist|celebrity|pair|duo|woman|man)s?))\b",
    re.IGNORECASE,
)
DEV = ROOT.parent / "shared" / "eval" / "dev.yaml"


def without_article(base: FactBase, article_id: str) -> FactBase:
    """`base` as if `article_id` had never been curated (the article itself stays listed)."""
    facts = []
    for fact in base.facts:
        sources = tuple(s for s in fact.sources if s.article != article_id)
        if not sources:
            continue
        conflict = fact.conflict
        if conflict is not None:
            claims = tuple(
                c for c in conflict.claims if all(s.article != article_id for s in c.sources)
            )
            conflict = dataclasses.replace(conflict, claims=claims) if len(claims) >= 2 else None
        facts.append(dataclasses.replace(fact, sources=sources, conflict=conflict))
    return dataclasses.replace(base, facts=tuple(facts))


def _spans(base: FactBase, article_id: str, quotes: list[str]) -> list[tuple[int, int]]:
    article = base.articles[article_id]
    return [span for q in quotes if (span := quote_span(article, q)) is not None]


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def leave_one_out(
    base: FactBase, article_id: str, weights: Weights = DEFAULT, *, show: bool = False
) -> dict[str, Any]:
    """One article's figures, its merges proposed with `weights` (fitted without it)."""
    rest = without_article(base, article_id)
    drafted = draft_base(rest, article_id, weights=weights)
    drafts = drafted.result.drafts
    curated = [f for f in base.facts if article_id in {s.article for s in f.sources}]
    draft_spans = [_spans(base, article_id, [d.sentence.text]) for d in drafts]
    matched: list[tuple[Fact, Draft | None]] = []
    for fact in curated:
        spans = _spans(base, article_id, [s.quote for s in fact.sources if s.article == article_id])
        scored = [(_overlaps(spans, ds), d) for ds, d in zip(draft_spans, drafts, strict=True)]
        best = max(scored, key=lambda x: x[0], default=(0, None))
        matched.append((fact, best[1] if best[0] > 0 else None))
    hits = [(f, d) for f, d in matched if d is not None]
    dated = [(f, d) for f, d in hits if f.date is not None]
    same_date = [(f, d) for f, d in dated if d is not None and d.date == f.date]
    # Per draft, as the issue counts it: each draft matched to a dated curated fact (the one
    # whose quote it overlaps most) has that fact's date at that precision, or not.
    drafts_dated = drafts_same = 0
    dated_facts = [f for f in curated if f.date is not None]
    for one, spans in zip(drafts, draft_spans, strict=True):
        overlaps = [
            (
                _overlaps(
                    spans,
                    _spans(
                        base, article_id, [s.quote for s in f.sources if s.article == article_id]
                    ),
                ),
                f,
            )
            for f in dated_facts
        ]
        best = max(overlaps, key=lambda x: x[0], default=(0, None))
        if best[1] is not None and best[0] > 0:
            drafts_dated += 1
            drafts_same += one.date == best[1].date
            if show and one.date != best[1].date:
                print(
                    f"  date  {article_id} {_iso(one.date)} vs '{best[1].id}' "
                    f"{_iso(best[1].date)}: {one.sentence.text[:90]}"
                )
    # Same-event drafts: those quoting what a curated event (or quotation) also takes from
    # another article, so it is in the base the article is drafted against.
    events = {f.id for f in rest.facts if f.kind in ("event", "quote")}
    targets = {
        id(d): {
            f.id
            for f in curated
            if f.id in events
            and _overlaps(
                spans,
                _spans(base, article_id, [s.quote for s in f.sources if s.article == article_id]),
            )
        }
        for d, spans in zip(drafts, draft_spans, strict=True)
    }
    same_event = [d for d in drafts if targets[id(d)]]
    # A draft goes into one fact; where its sentence is quoted by two (the event and a
    # background fact), a merge into either keeps it from becoming a new fact. A merge
    # into a fact that does not quote the draft's sentence at all is a wrong one.
    citing = _citing(base, rest, article_id, drafts)
    merged = [d for d in same_event if d.into in citing[id(d)]]
    wrong = [d for d in drafts if d.into is not None and d.into not in citing[id(d)]]
    if show:
        for d in same_event:
            if d not in merged:
                print(f"  merge {article_id} missed {sorted(targets[id(d)])}: {d.text[:80]}")
        for d in wrong:
            print(f"  merge {article_id} wrong into '{d.into}': {d.text[:80]}")
    return {
        "article": article_id,
        "curated": len(curated),
        "recalled": len(hits),
        "dated": len(dated),
        "same_date": len(same_date),
        "drafts_dated": drafts_dated,
        "drafts_same_date": drafts_same,
        "drafts": len(drafts),
        # Read from the text itself too, not only from what drafting says it left.
        "self_contained": sum(not (_SUBJECT_LEFT.match(d.text) or d.unresolved) for d in drafts),
        "same_event": len(same_event),
        "merged": len(merged),
        "proposed": sum(d.into is not None for d in drafts),
        "wrong": len(wrong),
        "seconds": drafted.seconds,
    }


def _iso(date: Any) -> str:
    return (
        "undated"
        if date is None
        else str(date.iso()) + (f" {date.qualifier}" * bool(date.qualifier))
    )


def _citing(
    base: FactBase, rest: FactBase, article_id: str, drafts: list[Draft]
) -> dict[int, set[str]]:
    """For each draft, the facts of `rest` whose curated quotes overlap its sentence."""
    quoted = {
        f.id: _spans(base, article_id, [s.quote for s in f.sources if s.article == article_id])
        for f in base.facts
        if f.id in rest.facts_by_id
    }
    return {
        id(d): {
            fact_id
            for fact_id, spans in quoted.items()
            if _overlaps(_spans(base, article_id, [d.sentence.text]), spans)
        }
        for d in drafts
    }


@dataclasses.dataclass
class MergeCase:
    """One article's drafts against the rest, each with its candidate facts, the events it
    tells that the rest has (targets) and every fact of the rest that quotes it."""

    article: str
    rest: FactBase
    drafts: list[Draft]
    found: list[list[Candidate]]
    targets: list[set[str]]
    citing: list[set[str]]


def merge_case(base: FactBase, article_id: str) -> MergeCase:
    rest = without_article(base, article_id)
    drafts = draft_article(rest, rest.articles[article_id]).drafts
    events = {f.id for f in rest.facts if f.kind in ("event", "quote")}
    citing = _citing(base, rest, article_id, drafts)
    return MergeCase(
        article_id,
        rest,
        drafts,
        candidates(rest, drafts),
        [citing[id(d)] & events for d in drafts],
        [citing[id(d)] for d in drafts],
    )


def merge_errors(cases: list[MergeCase], weights: Weights) -> tuple[int, int, int]:
    """Right merges (into a fact quoting the sentence), wrong ones, and same-event drafts
    not merged into their event."""
    right = wrong = missed = 0
    for case in cases:
        chosen = choose(case.rest, case.drafts, case.found, weights)
        for choice, targets, citing in zip(chosen, case.targets, case.citing, strict=True):
            into = choice.fact if choice else None
            right += into is not None and into in citing
            wrong += into is not None and into not in citing
            missed += bool(targets) and into not in citing
    return right, wrong, missed


GRID = [round(0.5 + step / 100, 2) for step in range(46)]  # 0.50 ... 0.95


def fit_weights(cases: list[MergeCase]) -> Weights:
    """The two merge thresholds that maximise F1 of the merges on `cases` (a right merge
    counts for, a wrong or a missed one against); of equally good pairs, the one nearest
    their middle, so a threshold is not fitted to the edge of one example."""
    scored = []
    for threshold, same_event in itertools.product(GRID, GRID):
        weights = dataclasses.replace(DEFAULT, threshold=threshold, same_event=same_event)
        right, wrong, missed = merge_errors(cases, weights)
        scored.append((2 * right / max(1, 2 * right + wrong + missed), weights))
    best = max(f1 for f1, _ in scored)
    tied = [w for f1, w in scored if f1 == best]
    middle = (
        statistics.mean(w.threshold for w in tied),
        statistics.mean(w.same_event for w in tied),
    )
    return min(tied, key=lambda w: (w.threshold - middle[0]) ** 2 + (w.same_event - middle[1]) ** 2)


def zero_curation(facts_dir: Path, seeds_dir: Path, base: FactBase) -> tuple[FactBase | None, int]:
    """Every article drafted in turn into an empty fact base, every draft accepted as drafted;
    returns the loaded base (None if `factbot check` would fail) and the problem count."""
    from bot.curation.publish import publish

    with tempfile.TemporaryDirectory(prefix="factbot-zero-") as tmp:
        facts = Path(tmp) / "facts"
        facts.mkdir()
        for name in ("entities.yaml", "synonyms.yaml"):
            if (facts_dir / name).exists():
                shutil.copyfile(facts_dir / name, facts / name)
        ids = list(base.articles)
        for article_id in ids:
            mark_pending(facts, article_id)
        first = draft_base(dataclasses.replace(base, facts=()), ids[0])
        write_drafts(facts, first.result)
        decide_all(DraftPaths.of(facts, ids[0]))
        # The first story file is written by hand: an empty base cannot be loaded to publish.
        (facts / f"{ids[0]}.yaml").write_text(
            DraftPaths.of(facts, ids[0]).facts.read_text(encoding="utf-8"), encoding="utf-8"
        )
        _publish_entities(facts, ids[0])
        for article_id in ids[1:]:
            draft(facts, seeds_dir, article_id)
            decide_all(DraftPaths.of(facts, article_id))
            publish(facts, seeds_dir, article_id)
        zero, problems = read_fact_base(facts, seeds_dir)
        return zero, len(problems)


def _publish_entities(facts: Path, article_id: str) -> None:
    from bot.curation.store import insert_entities, read_yaml_file

    paths = DraftPaths.of(facts, article_id)
    proposals = read_yaml_file(paths.entities) or {}
    text, _ = insert_entities((facts / "entities.yaml").read_text(encoding="utf-8"), proposals)
    (facts / "entities.yaml").write_text(text, encoding="utf-8")
    for path in (paths.facts, paths.entities, paths.review):
        path.unlink(missing_ok=True)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--dev", type=Path, default=DEV, help="the dev question set to score")
    parser.add_argument(
        "--show", action="store_true", help="list each date disagreement, missed and wrong merge"
    )
    args = parser.parse_args()
    base = load_fact_base(args.facts, args.seeds)
    shipped_embedder().encode(["warm up"])  # model loading is not drafting
    find_dates("this past Monday", base.facts[0].date)
    # Each article's merges use thresholds fitted on the other four, never on itself.
    cases = [merge_case(base, a) for a in base.articles]
    fitted = {case.article: fit_weights([c for c in cases if c is not case]) for case in cases}
    rows = [leave_one_out(base, a, fitted[a], show=args.show) for a in base.articles]
    total = {k: sum(r[k] for r in rows) for k in rows[0] if k != "article"}
    print(
        f"{'article':<28} quote recall   date agreement  (per fact)      self-contained  "
        "merges       s"
    )
    for r in [*rows, {**total, "article": "all"}]:
        print(
            f"{r['article']:<28} {_share(r['recalled'], r['curated']):<14} "
            f"{_share(r['drafts_same_date'], r['drafts_dated']):<15} "
            f"{_share(r['same_date'], r['dated']):<15} "
            f"{_share(r['self_contained'], r['drafts']):<15} "
            f"{_share(r['merged'], r['same_event']):<12} {r['seconds']:.2f}"
        )
    print(
        f"wrong merges (into a fact that does not quote the sentence): "
        f"{total['wrong']} of {total['proposed']} proposed"
    )
    for article_id, weights in fitted.items():
        print(
            f"  thresholds fitted without {article_id}: wording {weights.threshold:.2f}, "
            f"same event {weights.same_event:.2f}"
        )
    everything = fit_weights(cases)
    print(
        f"thresholds fitted on all five (shipped in bot/curation/merging.py): wording "
        f"{everything.threshold:.2f}, same event {everything.same_event:.2f}"
    )
    seconds = [r["seconds"] for r in rows]
    print(
        f"drafting time per article: median {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s"
    )
    zero, problems = zero_curation(args.facts, args.seeds, base)
    print(
        f"zero-curation base: {problems} problem(s) for factbot check"
        + (f", {len(zero.facts)} facts" if zero else "")
    )
    if not args.dev.is_file():
        print(f"dev set not found at {args.dev}: give it with --dev FILE")
    else:
        questions = load_questions(args.dev)
        curated = evaluate(questions, Matcher(base).ask).metrics()["reply_accuracy"]
        print(f"dev set reply accuracy: curated base {curated:.3f}", end="")
        if zero is not None:
            accuracy = evaluate(questions, Matcher(zero).ask).metrics()["reply_accuracy"]
            print(f", zero-curation base {accuracy:.3f}")
        else:
            print()


if __name__ == "__main__":
    main()
