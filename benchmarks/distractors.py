"""Synthetic distractor facts: realistic-looking news facts about other people and places,
built from the same kind of vocabulary as the real ones (prisons, reform, visits,
statements), so they compete with the real facts instead of being trivially different.

They are dated 1950-1989, before anything in the real coverage: a timeline question such
as "what happened in July 2018" is then still about the coverage, and "anything from 2016?"
still has no answer, while every fact question competes with them on words."""

from __future__ import annotations

import random
from dataclasses import replace

from bot.core import Article, Fact, FactBase, PartialDate, Source

FIRST = """Maria Samuel Priya Tomas Grace Omar Lena Victor Ruth Daniel Ines Marcus Hana Felix
Nora Caleb Amara Jonas Leila Oscar Sofia Elias Mei Rafael Zoe Henry Yara Ivan Clara Malik""".split()
LAST = """Lopez Ortiz Patel Novak Fischer Haddad Berg Moreau Okafor Lindqvist Tanaka Silva Kowalski
Duarte Brennan Achebe Varga Castillo Nakamura Petrov Romero Whitfield Osei Larsen Ibarra""".split()
PLACES = """Denver Tucson Albany Fresno Boise Spokane Tulsa Omaha Reno Dayton Akron Macon Provo
Eugene Salem Laredo Tacoma Waco Peoria Topeka Mobile Savannah Richmond Columbus""".split()
INSTITUTIONS = """county jail|state penitentiary|correctional center|detention facility|youth
prison|federal prison camp|women's correctional facility|reentry center""".split("|")
ORGS = """Second Chance Coalition|Justice Forward|Parole Reform Project|Open Doors Network|
Fair Sentencing Council|Bridge Home Initiative|Youth Justice Fund|Clean Slate Alliance""".split("|")
ACTIONS = (
    "{p} visited the {place} {inst} to meet inmates about {issue}",
    "{p} spoke at a {org} forum in {place} about {issue}",
    "{p} met the governor of the state in {place} to discuss {issue}",
    "{p} announced a program with {org} to help people leaving the {place} {inst}",
    "{p} testified before a committee in {place} on {issue}",
    "{p} hosted a dinner with {org} supporters in {place} about {issue}",
    "{p} said the {place} {inst} needed more funding for rehabilitation and {issue}",
    "{p} toured the {place} {inst} with members of {org}",
)
ISSUES = """bail reform|sentencing guidelines|solitary confinement|parole hearings|juvenile
detention|expungement|prison education|drug courts|visitation rights|probation fees""".split("|")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def distractor_facts(count: int, article: Article, *, seed: int = 7) -> list[Fact]:
    """`count` synthetic facts citing `article` (a synthetic article that holds them)."""
    rng = random.Random(seed)
    facts = []
    for n in range(count):
        year = rng.randint(1950, 1989)
        month = rng.randint(1, 12)
        date = (
            PartialDate(year, month, rng.randint(1, 28))
            if rng.random() < 0.6
            else (PartialDate(year, month))
        )
        text = rng.choice(ACTIONS).format(
            p=_person(rng),
            place=rng.choice(PLACES),
            inst=rng.choice(INSTITUTIONS),
            org=rng.choice(ORGS),
            issue=rng.choice(ISSUES),
        )
        text = f"In {date.display()} {text}."
        facts.append(
            Fact(
                id=f"distractor-{n}",
                text=text,
                kind="event",
                date=date,
                sources=(Source(article.id, text),),
                story="distractors",
            )
        )
    return facts


def with_distractors(base: FactBase, count: int, *, seed: int = 7) -> FactBase:
    """The base with `count` distractor facts mixed in (real facts first)."""
    if count <= 0:
        return base
    article = Article(
        id="distractors", file="seeds/distractors.txt", headline="Synthetic distractors", text=""
    )
    extra = distractor_facts(count, article, seed=seed)
    return replace(
        base,
        facts=base.facts + tuple(extra),
        articles={**base.articles, article.id: article},
    )
