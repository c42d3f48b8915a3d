"""The search-quality benchmark's held-out test set stays apart from the dev set.

Reads the committed bench/search_quality/queries.jsonl (dev) and
test_queries.jsonl (test): no corpus and no archive needed (issue 11).
"""

import importlib
from collections import Counter
from pathlib import Path

import pytest

QUALITY = Path(__file__).resolve().parent.parent / "bench" / "search_quality"


@pytest.fixture(scope="module")
def query_sets():
    # The benchmark's modules import each other by bare name, as scripts do.
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(QUALITY))
        return importlib.import_module("query_sets")


@pytest.fixture(scope="module")
def dev(query_sets):
    return query_sets.read_set("dev")


@pytest.fixture(scope="module")
def held_out(query_sets):
    return query_sets.read_set("test")


def test_test_targets_are_not_dev_targets(dev, held_out):
    test_targets = [q["target"] for q in held_out]
    assert len(set(test_targets)) == len(test_targets)  # one query an article
    assert not set(test_targets) & {q["target"] for q in dev}


def test_targets_are_in_the_one_sample(dev, held_out):
    sample = set((QUALITY / "sample_ids.txt").read_text(encoding="utf-8").split())
    assert {q["target"] for q in dev + held_out} <= sample


def test_no_varied_word_is_shared(query_sets, dev, held_out):
    shared = query_sets.varied_keys(dev) & query_sets.varied_keys(held_out)
    assert not shared, sorted(shared)[:10]


def test_classes_have_the_dev_counts(dev, held_out):
    assert Counter(q["class"] for q in held_out) == Counter(q["class"] for q in dev)


def test_each_test_query_varies_a_word_of_its_source(query_sets, held_out):
    for query in held_out:
        found = query_sets.varied_word(query)
        if query["class"] == "exact":
            assert found is None, query
        else:
            assert found is not None, query
            source, varied = found
            assert varied != source, query


def test_varied_word_finds_the_changed_word(query_sets):
    query = {"query": "فيس بوك يحذف", "source_words": ["فيسبوك", "يحذف"]}
    assert query_sets.varied_word(query) == ("فيسبوك", "فيس بوك")
    query = {"query": "المنتظر Cairo", "source_words": ["المنتظر", "للقاهرة"]}
    assert query_sets.varied_word(query) == ("للقاهرة", "Cairo")
    query = {"query": "رأى قبح", "source_words": ["رأى", "قبح"]}
    assert query_sets.varied_word(query) is None
