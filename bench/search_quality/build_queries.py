"""Make the search-quality queries: two words of an article, one of them misspelt.

    .venv/bin/python bench/search_quality/build_queries.py [--set dev|test]
        [--corpus PATH]

``--set dev`` (the default) writes ``sample_ids.txt`` (the 8,000 sampled
articles) and ``queries.jsonl``, the development set; ``--set test`` writes
``test_queries.jsonl``, the held-out test set: over the same sample, with
another seed, other target articles, no word that the development set varies,
non-title parts of the article first and the broadened typo, foreign-name and
English-name classes of broad_variations.py. Both are deterministic; each run
prints the classes, examples and a check with a plain normalized-word AND
search. See README.md.
"""

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import broad_variations as broad
from baselines import NormalizedAnd
from corpus import (
    DEFAULT_CORPUS,
    choose_sample,
    read_corpus,
    read_sample_ids,
    sample_records,
    write_sample_ids,
)
from query_sets import SETS, read_set, varied_keys, word_key
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
TEST_SEED = 2611  # another seed for the test set (issue 11)
STANDARD_COUNT = 150
HARD_COUNT = 100
# The unchanged word must be common (in this many sampled articles at least),
# so the target cannot be found through it alone: the misspelt word must match.
COMMON_WORD = 25
# At most this many sampled articles may hold both words (the target included),
# counted generously (see sample_index.py); one is preferred.
MAX_MATCHES = 3
MAX_DISTANCE = 3  # words apart in the text


@dataclass(frozen=True)
class Recipe:
    """How one query set is drawn, and what it must leave to another set."""

    name: str  # "dev" or "test": query_sets.SETS says where it is written
    seed: int
    classes: dict[str, Vary]  # in the order they are drawn
    segments: tuple[str, ...]  # Article parts searched for pairs, in order
    deep_segments: tuple[str, ...]  # the same for the (rarer) hard classes
    names: frozenset[str]  # two-word names taken as one word
    held_targets: frozenset[str] = frozenset()  # external_ids never a target


def dev_recipe() -> Recipe:
    """The development set: title first; the hard classes may read the body."""
    return Recipe(
        "dev",
        SEED,
        {**HARD_CLASSES, **STANDARD_CLASSES, **CONTROL_CLASSES},
        ("title", "first_paragraph"),
        ("title", "first_paragraph", "rest"),
        frozenset(two_word_names()),
    )


def test_recipe() -> Recipe:
    """The test set: other targets and words than dev's, the title last, the
    broadened typo, name_variant and english_name."""
    dev = read_set("dev")
    broadened = {
        "name_variant": broad.name_variant,
        "typo": broad.typo,
        "english_name": broad.english_name,
    }
    classes = {**HARD_CLASSES, **broadened, **STANDARD_CLASSES, **CONTROL_CLASSES}
    held = frozenset(varied_keys(dev))
    return Recipe(
        "test",
        TEST_SEED,
        {cls: avoiding(vary, held) for cls, vary in classes.items()},
        ("first_paragraph", "title"),
        ("first_paragraph", "rest", "title"),
        frozenset(broad.two_word_names()),
        frozenset(q["target"] for q in dev),
    )


def avoiding(vary: Vary, held: frozenset[str]) -> Vary:
    """``vary`` declining a word, or a spelling, that is in ``held`` (word_key)."""

    def vary_other_words(word: str, rng: random.Random, lexicon: Lexicon):
        if word_key(word) in held:
            return None
        variation = vary(word, rng, lexicon)
        if variation is None or word_key(variation.query) in held:
            return None
        return variation

    return vary_other_words


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


def join_names(words: list[str], names: frozenset[str]) -> list[str]:
    """Two-word names ("حزب الله", "فيس بوك") made one unit, a clitic allowed."""
    units, n = [], 0
    while n < len(words):
        pair = words[n : n + 2]
        joined = len(pair) == 2 and any(
            fold(f"{rest} {pair[1]}") in names for _, rest in splits(pair[0])
        )
        units.append(" ".join(pair) if joined else words[n])
        n += 2 if joined else 1
    return units


def candidates(
    article: Article, cls: str, rng: random.Random, recipe: Recipe
) -> Iterator[Candidate]:
    """Pairs of near content words, part by part (recipe.segments), nearest first."""
    parts = recipe.deep_segments if cls in HARD_CLASSES else recipe.segments
    for segment in (getattr(article, part) for part in parts):
        units = (
            join_names(segment, recipe.names)
            if cls in ("english_name", "name_variant")
            else segment
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


def query_for(n: int, cls: str, vary: Vary, index, lexicon, recipe: Recipe):
    """The best query of class ``cls`` for article ``n``, or None."""
    rng = random.Random(f"{recipe.seed}-{cls}-{n}")
    best = None
    for candidate in candidates(index.articles[n], cls, rng, recipe):
        made = try_candidate(candidate, vary, n, index, lexicon, rng)
        if made and made[1] <= MAX_MATCHES and (best is None or made[1] < best[2]):
            best = (candidate.words, made[0], made[1])
            if made[1] == 1:
                break
    return best


def build(index: SampleIndex, lexicon: Lexicon, recipe: Recipe) -> list[Query]:
    """Queries of every class, each article the target of one query at most.

    Articles whose two words are unique to them are taken first; only if a
    class runs short are pairs shared with one, then two other articles used.
    """
    used = {
        n for n, a in enumerate(index.articles) if a.external_id in recipe.held_targets
    }
    queries = []
    for cls, vary in recipe.classes.items():
        wanted = HARD_COUNT if cls in HARD_CLASSES else STANDARD_COUNT
        order = list(range(len(index.articles)))
        random.Random(f"{recipe.seed}-{cls}").shuffle(order)
        make = partial(
            query_for, cls=cls, vary=vary, index=index, lexicon=lexicon, recipe=recipe
        )
        chosen = choose(order, wanted, used, make)
        for made, (n, (words, text, matches)) in enumerate(
            sorted(chosen.items(), key=lambda x: order.index(x[0])), 1
        ):
            used.add(n)
            target = index.articles[n].external_id
            queries.append(
                Query(f"{cls}-{made:03d}", cls, text, target, words, matches)
            )
        short = f" ({wanted} wanted)" if len(chosen) < wanted else ""
        print(f"  {cls}: {len(chosen)} queries{short}", file=sys.stderr)
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
    parser.add_argument("--set", choices=SETS, default="dev", dest="query_set")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, help="another seed than the set's own")
    args = parser.parse_args()
    recipe = dev_recipe() if args.query_set == "dev" else test_recipe()
    if args.seed is not None:
        recipe = replace(recipe, seed=args.seed)
    records = list(read_corpus(args.corpus))
    lexicon = Lexicon(Counter())
    for record in records:
        text = f"{record['title']}\n{record['body']}"
        lexicon.article_counts.update({fold(w) for w in words_of(text)})
    if recipe.name == "dev":
        write_sample_ids(choose_sample(records))
    # The test set searches the same archive: the committed sample.
    sample = sample_records(records, read_sample_ids())
    print(f"indexing {len(sample)} sampled articles…", file=sys.stderr)
    index = SampleIndex(sample)
    queries = build(index, lexicon, recipe)
    with open(SETS[recipe.name], "w", encoding="utf-8") as out:
        out.writelines(q.as_json() + "\n" for q in queries)
    report(queries, NormalizedAnd(sample))


if __name__ == "__main__":
    main()
