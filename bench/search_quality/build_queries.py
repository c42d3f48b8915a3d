"""Make the search-quality queries: two words of an article, one of them misspelt.

    .venv/bin/python bench/search_quality/build_queries.py [--corpus PATH]

Writes ``sample_ids.txt`` (the 8,000 sampled articles) and ``queries.jsonl``
next to this file, deterministically, then prints the classes, examples and
a check with a plain normalized-word AND search. See README.md.
"""

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from baselines import NormalizedAnd
from corpus import (
    DEFAULT_CORPUS,
    QUERIES,
    choose_sample,
    read_corpus,
    sample_records,
    write_sample_ids,
)
from sample_index import Article, SampleIndex, words_of
from tables import NAME_VARIANTS_TEXT, pairs
from variations import (
    CONTROL_CLASSES,
    HARD_CLASSES,
    STANDARD_CLASSES,
    Lexicon,
    Vary,
    english_names,
    splits,
)
from words import fold, letter_count, split_prefix, stopwords

SEED = 2024
STANDARD_COUNT = 150
HARD_COUNT = 100
# The unchanged word must be common (in this many sampled articles at least),
# so the target cannot be found through it alone: the misspelt word must match.
COMMON_WORD = 25
# At most this many sampled articles may hold both words (the target included),
# counted generously (see sample_index.py); one is preferred.
MAX_MATCHES = 3
MAX_DISTANCE = 3  # words apart in the text
# Hard classes are rarer: they may also use words beyond the first paragraph.
DEEP_CLASSES = frozenset(HARD_CLASSES)


@dataclass(frozen=True)
class Candidate:
    """Two words of an article, in text order, and which one gets the variation."""

    words: tuple[str, str]
    varied: int  # 0 or 1


@dataclass
class Query:
    id: str
    cls: str
    query: str
    target: str
    source_words: tuple[str, str]
    matches: int

    def as_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "class": self.cls,
                "query": self.query,
                "target": self.target,
                "source_words": list(self.source_words),
                "matches": self.matches,
            },
            ensure_ascii=False,
        )


def is_content_word(word: str) -> bool:
    """Arabic, three letters or more, not a stopword even without its clitic."""
    stop = stopwords()
    folded = fold(word)
    if len(folded) < 3 or folded in stop or split_prefix(folded)[1] in stop:
        return False
    return " " in word or letter_count(split_prefix(folded)[1]) >= 3


def two_word_names() -> set[str]:
    names = [n for n in english_names() if " " in n]
    for a, b in pairs(NAME_VARIANTS_TEXT):
        names += [fold(x) for x in (a, b) if " " in x]
    return set(names)


def join_names(words: list[str]) -> list[str]:
    """Two-word names ("حزب الله", "فيس بوك") made one unit, a clitic allowed."""
    names, units, n = two_word_names(), [], 0
    while n < len(words):
        pair = words[n : n + 2]
        joined = len(pair) == 2 and any(
            fold(f"{rest} {pair[1]}") in names for _, rest in splits(pair[0])
        )
        units.append(" ".join(pair) if joined else words[n])
        n += 2 if joined else 1
    return units


def candidates(article: Article, cls: str, rng: random.Random) -> Iterator[Candidate]:
    """Pairs of near content words, title first, then nearest first."""
    segments = [article.title, article.first_paragraph]
    if cls in DEEP_CLASSES:
        segments.append(article.rest)
    for segment in segments:
        units = (
            join_names(segment) if cls in ("english_name", "name_variant") else segment
        )
        for distance in range(1, MAX_DISTANCE + 1):
            for i in range(len(units) - distance):
                pair = (units[i], units[i + distance])
                if all(is_content_word(w) for w in pair):
                    for varied in rng.sample((0, 1), 2):
                        yield Candidate(pair, varied)


def try_candidate(
    candidate: Candidate, vary: Vary, n: int, index: SampleIndex, lexicon: Lexicon, rng
) -> tuple[str, int] | None:
    """(query, articles holding both words) if the candidate makes a fair query."""
    words, varied = candidate.words, candidate.varied
    other = words[1 - varied]
    if " " not in other and index.word_count(other) < COMMON_WORD:
        return None
    variation = vary(words[varied], rng, lexicon)
    if variation is None:
        return None
    spellings = [words[varied], variation.query, *variation.also_matches]
    found = index.articles_with_any(spellings) & index.articles_with(other)
    if not found >> n & 1:
        raise AssertionError(f"article {n} lacks its own words {words}")
    query_words = list(words)
    query_words[varied] = variation.query
    return " ".join(query_words), found.bit_count()


def query_for(n: int, cls: str, vary: Vary, index, lexicon, seed: int):
    """The best query of class ``cls`` for article ``n``, or None."""
    rng = random.Random(f"{seed}-{cls}-{n}")
    best = None
    for candidate in candidates(index.articles[n], cls, rng):
        made = try_candidate(candidate, vary, n, index, lexicon, rng)
        if made and made[1] <= MAX_MATCHES and (best is None or made[1] < best[2]):
            best = (candidate.words, made[0], made[1])
            if made[1] == 1:
                break
    return best


def build(index: SampleIndex, lexicon: Lexicon, seed: int) -> list[Query]:
    """Queries of every class, each article the target of one query at most.

    Articles whose two words are unique to them are taken first; only if a
    class runs short are pairs shared with one, then two other articles used.
    """
    plan = [(c, v, HARD_COUNT) for c, v in HARD_CLASSES.items()]
    plan += [(c, v, STANDARD_COUNT) for c, v in STANDARD_CLASSES.items()]
    plan += [(c, v, STANDARD_COUNT) for c, v in CONTROL_CLASSES.items()]
    used: set[int] = set()
    queries = []
    for cls, vary, wanted in plan:
        order = list(range(len(index.articles)))
        random.Random(f"{seed}-{cls}").shuffle(order)
        chosen = choose(
            order,
            wanted,
            used,
            partial(
                query_for, cls=cls, vary=vary, index=index, lexicon=lexicon, seed=seed
            ),
        )
        for made, (n, (words, text, matches)) in enumerate(
            sorted(chosen.items(), key=lambda x: order.index(x[0])), 1
        ):
            used.add(n)
            target = index.articles[n].external_id
            queries.append(
                Query(f"{cls}-{made:03d}", cls, text, target, words, matches)
            )
        print(f"  {cls}: {len(chosen)} queries", file=sys.stderr)
    return queries


def choose(order: list[int], wanted: int, used: set[int], make) -> dict:
    """Up to ``wanted`` unused articles with their query, fewest matches first."""
    made: dict[int, tuple | None] = {}
    chosen: dict[int, tuple] = {}
    for most in range(1, MAX_MATCHES + 1):
        for n in order:
            if len(chosen) == wanted:
                return chosen
            if n in used or n in chosen:
                continue
            if n not in made:
                made[n] = make(n)
            if made[n] and made[n][2] <= most:
                chosen[n] = made[n]
    return chosen


def report(queries: list[Query], check: NormalizedAnd) -> None:
    by_class: dict[str, list[Query]] = {}
    for query in queries:
        by_class.setdefault(query.cls, []).append(query)
    print(f"{len(queries)} queries over {len(by_class)} classes\n")
    print(f"{'class':<20}{'queries':>8}{'unique':>8}{'plain AND':>11}")
    for cls, group in by_class.items():
        unique = sum(q.matches == 1 for q in group)
        found = sum(check.finds(q.query, q.target) for q in group)
        print(f"{cls:<20}{len(group):>8}{unique:>8}{found / len(group):>10.0%}")
    print(
        "\nunique: the two words (generously stemmed) occur together in the "
        "target only;\nplain AND: a search of the normalized words (no stemming) "
        "finds the target.\n"
    )
    for cls, group in by_class.items():
        print(f"{cls}:")
        for q in group[:3]:
            print(f"  {q.query}   ← {' '.join(q.source_words)}   ({q.target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    records = list(read_corpus(args.corpus))
    lexicon = Lexicon(Counter())
    for record in records:
        text = f"{record['title']}\n{record['body']}"
        lexicon.article_counts.update({fold(w) for w in words_of(text)})
    ids = choose_sample(records)
    write_sample_ids(ids)
    sample = sample_records(records, ids)
    print(f"indexing {len(sample)} sampled articles…", file=sys.stderr)
    index = SampleIndex(sample)
    queries = build(index, lexicon, args.seed)
    with open(QUERIES, "w", encoding="utf-8") as out:
        out.writelines(q.as_json() + "\n" for q in queries)
    report(queries, NormalizedAnd(sample))


if __name__ == "__main__":
    main()
