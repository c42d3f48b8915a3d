"""The synthetic corpus of the scale benchmark: reproducible, and importable as is.

Uses the real corpus in ../shared/corpus (bench/make_corpus.py reads nothing
else); skipped, saying why, where it is missing.
"""

import pytest

from bench.make_corpus import CORPUS, Generator, read_source, write_file
from statements.ingest.readers import RawRecord, read_file
from statements.ingest.records import StatementRecord, clean_record

pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"the benchmark corpus is not at {CORPUS}"
)
RECORDS = 200


@pytest.fixture(scope="module")
def source():
    return read_source(CORPUS, seed=1)


def test_same_seed_writes_the_same_bytes(source, tmp_path):
    first, second = tmp_path / "first.jsonl.gz", tmp_path / "second.jsonl.gz"
    write_file(first, Generator(source, seed=1).records(1, RECORDS))
    write_file(second, Generator(source, seed=1).records(1, RECORDS))
    assert first.read_bytes() == second.read_bytes()


def test_every_synthetic_record_passes_validation(source, tmp_path):
    path = tmp_path / "synthetic.jsonl.gz"
    write_file(path, Generator(source, seed=1).records(1, RECORDS))
    read = list(read_file(path))
    assert all(isinstance(r, RawRecord) for r in read), read[:1]
    cleaned = [clean_record(r, default_status="published") for r in read]
    assert all(isinstance(r, StatementRecord) for r in cleaned), cleaned[:1]
    assert len({r.external_id for r in cleaned}) == RECORDS


def test_bodies_repeat_only_in_deliberate_republications(source):
    generator, numbers = Generator(source, seed=1), range(1, 1001)
    bodies = {n: generator.record(n)["body"] for n in numbers}
    republications = {n: generator.republishes(n) for n in numbers}
    republications = {n: o for n, o in republications.items() if o is not None}
    assert republications  # about 1%: 1,000 records hold some
    assert all(bodies[n] == bodies[o] for n, o in republications.items())
    assert len(set(bodies.values())) == len(bodies) - len(republications)
