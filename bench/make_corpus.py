"""Synthetic statements for scale benchmarks: real Arabic news text, recombined.

    .venv/bin/python bench/make_corpus.py --factor 10 [--out DIR] [--seed 1]
    .venv/bin/python bench/make_corpus.py --count 2000 --out /tmp/synthetic

Writes gzipped JSON Lines in the archive's import format
(``synthetic-001.jsonl.gz``, … in DIR, by default a new temporary folder: never
the repository). ``--factor F`` writes the ``(F - 1) * 31,523`` records that
make the corpus, the seed and these F times the corpus.

Each record takes its title from one article of ../shared/corpus (read in
place) and its body from 2-6 paragraphs (non-empty lines, unchanged) of other
articles, so words and their frequencies are those of real Arabic news.
Issuers, places and named actors are gazetteer entries (their Arabic names, so
the importer finds them once ``load_gazetteer`` has run), tags and types come
from short lists; all are drawn with Zipf-like skew (exponent 1.1: the k-th
is 1/k^1.1 as frequent as the first). Dates spread over 2011-2025, later years
fuller, mostly to the day, some to the month or year, a few undated.

No body is repeated by accident: each record's first paragraph is its own
(paragraphs in a seeded order, deduplicated) and, once every paragraph has led
a record, the second paragraph tells the rounds apart; no paragraph is more than
80% of a body, so a body is not a near-duplicate of the article it quotes.
About 1% of records are deliberate republications: the body of an earlier
record under another title, issuer and date, as archives really hold (the
importer links them as near-duplicates).

Record n depends only on the seed and n: the same seed gives the same bytes,
and a smaller count gives the first records of a larger one. Memory stays
constant whatever the count: the corpus is held as lists of titles and
paragraphs (about 150 MB) and records are written one by one.
"""

import argparse
import bisect
import datetime
import gzip
import itertools
import json
import random
import tempfile
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1.jsonl.gz"
CORPUS_SIZE = 31_523
GAZETTEER = ROOT / "statements" / "ingest" / "data" / "gazetteer.json"

ZIPF_EXPONENT = 1.1
TYPES = ("statement", "communique", "claim", "press_release", "speech", "interview")
TAGS = (
    "اشتباكات", "قصف", "هجوم", "غارة جوية", "وقف إطلاق النار", "مفاوضات",
    "نازحون", "مساعدات إنسانية", "أسرى", "معتقلون", "تفجير", "اغتيال",
    "طائرة مسيرة", "صواريخ", "حصار", "عقوبات", "انتخابات", "احتجاجات",
    "حقوق الإنسان", "لاجئون", "اتفاق", "هدنة", "تعزيزات عسكرية", "انسحاب",
    "اختطاف", "عبوة ناسفة", "ألغام", "إدانة", "تهديد", "نعي", "تجنيد",
    "تبادل أسرى", "إعادة الإعمار", "الأمن", "الاقتصاد", "النفط", "المياه",
    "الصحة", "التعليم", "الإعلام",
)  # fmt: skip
SOURCES = ("الموقع الرسمي", "قناة تلغرام", "حساب تويتر", "وكالة أنباء", "بيان مصور")
AUTHORS = ("", "المكتب الإعلامي", "المتحدث الرسمي", "القيادة العامة")
AUTHOR_WEIGHTS = (6, 2, 1, 1)

FIRST_YEAR, LAST_YEAR = 2011, 2025
# Each year 15% fuller than the one before: 2025 has about 7 times 2011.
YEARLY_GROWTH = 1.15
PRECISIONS = ("day", "month", "year", "unknown")
PRECISION_WEIGHTS = (85, 8, 4, 3)

REPUBLISHED_SHARE = 0.01
# A republication repeats one of the previous this-many records.
REPUBLISHED_WINDOW = 5000
MAX_PARAGRAPH_SHARE = 0.8
MAX_PARAGRAPHS = 6


@dataclass(frozen=True)
class Source:
    """The corpus cut up: titles by article, paragraphs with their article."""

    titles: list[str]
    # Distinct paragraph texts in a seeded random order: the order in which
    # they lead records.
    paragraphs: list[str]
    article_of: array
    words: array


def read_source(path: Path, seed: int) -> Source:
    """Titles and distinct paragraphs of the corpus, paragraphs shuffled by ``seed``."""
    titles: list[str] = []
    found: dict[str, int] = {}  # paragraph text → its first article
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            article = json.loads(line)
            titles.append(article["title"])
            for paragraph in article["body"].splitlines():
                if paragraph.strip():
                    found.setdefault(paragraph, number)
    paragraphs = list(found)
    random.Random(seed).shuffle(paragraphs)
    return Source(
        titles=titles,
        paragraphs=paragraphs,
        article_of=array("I", (found[p] for p in paragraphs)),
        words=array("I", (len(p.split()) for p in paragraphs)),
    )


class Skewed:
    """Draws items with Zipf-like weights: the k-th 1/k^s as often as the first."""

    def __init__(self, items: Sequence[str], exponent: float = ZIPF_EXPONENT):
        self.items = list(items)
        weights = (1 / rank**exponent for rank in range(1, len(self.items) + 1))
        self.cumulative = list(itertools.accumulate(weights))

    def one(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect(self.cumulative, point)]

    def some(self, rng: random.Random, low: int, high: int) -> list[str]:
        """Between ``low`` and ``high`` distinct items."""
        wanted = min(rng.randint(low, high), len(self.items))
        chosen: dict[str, None] = {}
        while len(chosen) < wanted:
            chosen[self.one(rng)] = None
        return list(chosen)


def gazetteer_names(path: Path = GAZETTEER) -> tuple[list[str], list[str]]:
    """Arabic names (else English) of the gazetteer's places and actors, in its order.

    The gazetteer lists the main entries first, so its order is the rank.
    """
    data = json.loads(path.read_text(encoding="utf-8"))

    def names(entries):
        return [e.get("name_ar") or e["name_en"] for e in entries]

    return names(data["places"]), names(data["actors"])


def draw_date(rng: random.Random) -> str:
    """A date in the import format, at a drawn precision ('' when undated)."""
    precision = rng.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
    if precision == "unknown":
        return ""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, [YEARLY_GROWTH**i for i in range(len(years))])[0]
    first = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - first).days
    day = first + datetime.timedelta(days=rng.randrange(days))
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    return day.strftime(formats[precision])


class Generator:
    """Record n of the synthetic corpus, a function of the seed and n only."""

    def __init__(self, source: Source, seed: int, gazetteer: Path = GAZETTEER):
        self.source, self.seed = source, seed
        places, actors = gazetteer_names(gazetteer)
        self.places, self.actors = Skewed(places), Skewed(actors)
        self.tags, self.types = Skewed(TAGS), Skewed(TYPES)

    def rng(self, number: int, stream: str) -> random.Random:
        # One stream per record and purpose: a record can be made again alone
        # (a republication remakes its original's body) and adding a field
        # to one stream leaves the others' draws as they were.
        return random.Random(f"{self.seed}:{stream}:{number}")

    def republishes(self, number: int) -> int | None:
        """The earlier record whose body record ``number`` repeats, if any."""
        rng = self.rng(number, "republication")
        if number > 1 and rng.random() < REPUBLISHED_SHARE:
            return rng.randrange(max(1, number - REPUBLISHED_WINDOW), number)
        return None

    def original(self, number: int) -> int:
        while (earlier := self.republishes(number)) is not None:
            number = earlier
        return number

    def paragraphs(self, number: int) -> list[int]:
        """The paragraphs of record ``number``'s own body (see the module docstring)."""
        rng, count = self.rng(number, "body"), len(self.source.paragraphs)
        round_, lead = divmod(number - 1, count)
        chosen = [lead, (lead + 1 + round_) % count]
        wanted = rng.randint(2, MAX_PARAGRAPHS)
        articles = {self.source.article_of[p] for p in chosen}
        while len(chosen) < MAX_PARAGRAPHS and (
            len(chosen) < wanted or self.dominated(chosen)
        ):
            candidate = rng.randrange(count)
            if self.source.article_of[candidate] not in articles:
                chosen.append(candidate)
                articles.add(self.source.article_of[candidate])
        return chosen

    def dominated(self, chosen: list[int]) -> bool:
        """Whether one paragraph is most of the body (it would match its article)."""
        words = [self.source.words[p] for p in chosen]
        return max(words) > MAX_PARAGRAPH_SHARE * sum(words)

    def title(self, rng: random.Random, paragraphs: list[int]) -> str:
        """A title from an article none of the body's paragraphs comes from."""
        used = {self.source.article_of[p] for p in paragraphs}
        while (article := rng.randrange(len(self.source.titles))) in used:
            pass
        return self.source.titles[article]

    def record(self, number: int) -> dict:
        paragraphs = self.paragraphs(self.original(number))
        rng = self.rng(number, "record")
        return {
            "external_id": f"syn-{number:06d}",
            "title": self.title(rng, paragraphs),
            "body": "\n".join(self.source.paragraphs[p] for p in paragraphs),
            "date": draw_date(rng),
            "issuer": self.actors.one(rng),
            "source": rng.choice(SOURCES),
            "type": self.types.one(rng),
            "tags": self.tags.some(rng, 1, 2),
            "places": self.places.some(rng, 0, 3),
            "actors": self.actors.some(rng, 0, 3),
            "language": "ar",
            "author": rng.choices(AUTHORS, AUTHOR_WEIGHTS)[0],
        }

    def records(self, first: int, last: int) -> Iterator[dict]:
        """Records ``first`` to ``last``, both included."""
        for number in range(first, last + 1):
            yield self.record(number)


def write_file(path: Path, records: Iterator[dict]) -> None:
    """Gzipped JSON Lines; the gzip header has no name or time, so equal
    records give equal bytes."""
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out,
    ):
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def write_corpus(generator: Generator, count: int, out: Path, per_file: int):
    """Records 1 to ``count`` in files of ``per_file``; returns their paths."""
    paths = []
    for first in range(1, count + 1, per_file):
        path = out / f"synthetic-{len(paths) + 1:03d}.jsonl.gz"
        write_file(path, generator.records(first, min(first + per_file - 1, count)))
        paths.append(path)
    return paths


def output_folder(wanted: Path | None) -> Path:
    """Where to write: a new temporary folder unless given; never the repository."""
    if wanted is None:
        return Path(tempfile.mkdtemp(prefix="archive-synthetic-"))
    wanted = wanted.resolve()
    if wanted == ROOT or ROOT in wanted.parents:
        raise SystemExit(
            f"{wanted} is inside the repository: write the synthetic corpus "
            "elsewhere (--out /tmp/synthetic, or no --out for a temporary folder)"
        )
    if any(wanted.glob("synthetic-*.jsonl.gz")):
        raise SystemExit(
            f"{wanted} already holds synthetic-*.jsonl.gz files: "
            "choose an empty folder, or delete them first"
        )
    wanted.mkdir(parents=True, exist_ok=True)
    return wanted


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--count", type=int, help="this many records")
    size.add_argument(
        "--factor",
        type=float,
        help="the records that make corpus + seed + them F times the corpus",
    )
    parser.add_argument(
        "--out", type=Path, help="folder (default: a new temporary one)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--per-file", type=int, help="records per file (default: all in one file)"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if args.count is None:
        args.count = round((args.factor - 1) * CORPUS_SIZE)
    if args.count < 1 or (args.per_file is not None and args.per_file < 1):
        parser.error("--count, --factor and --per-file must give at least one record")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    out = output_folder(args.out)
    start = time.perf_counter()
    generator = Generator(read_source(args.corpus, args.seed), args.seed)
    paths = write_corpus(generator, args.count, out, args.per_file or args.count)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths) / 2**20
    print(
        f"wrote {args.count:,} records in {len(paths)} file(s), {size:.0f} MiB, "
        f"to {out} in {seconds:.1f} s (seed {args.seed})"
    )


if __name__ == "__main__":
    main()
