"""Whether the installed Whoosh has the internals that postings.py and scoring.py read.

They read Whoosh 3's private block layout (``W3LeafMatcher._postfile``…), the
length columns and BM25F's parameters, so they work with the version they were
written for, which ``pyproject.toml`` pins exactly. ``check_engine()`` runs
once at start-up (``StatementsConfig.ready``): it writes a tiny index in a
temporary folder, reads it both ways (here and by Whoosh's own methods) and stops the
process with a message naming the version to install if they disagree::

    ImproperlyConfigured: ... pip install whoosh-reloaded==2.7.5
"""

import tempfile
from importlib.metadata import PackageNotFoundError, version

from django.core.exceptions import ImproperlyConfigured
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from .postings import blocks, blocks_with_values, field_lengths
from .scoring import scored_documents

WHOOSH_VERSION = "2.7.5"
TEXTS = ("alpha beta alpha", "beta gamma", "alpha alpha alpha gamma", "delta")


def check_engine() -> None:
    """Raise ImproperlyConfigured unless the bulk reads agree with Whoosh's own."""
    try:
        problem = _disagreement()
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
        # A renamed or reshaped private attribute fails in one of these ways.
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        raise ImproperlyConfigured(
            f"statements/search/postings.py and scoring.py read Whoosh's internals "
            f"as whoosh-reloaded {WHOOSH_VERSION} lays them out, and the installed "
            f"version ({installed_version()}) differs: {problem}. "
            f"Install the version they were written for: "
            f"pip install whoosh-reloaded=={WHOOSH_VERSION}"
        )


def installed_version() -> str:
    try:
        return version("whoosh-reloaded")
    except PackageNotFoundError:
        return "not installed as whoosh-reloaded"


def _disagreement() -> str:
    """What the bulk reads get wrong on a tiny index, or "" when nothing."""
    # In a folder of its own: a RamStorage index's writer keeps its temporary
    # files in /tmp/MAIN.tmp, which processes starting together then share
    # (and one deletes under the others).
    with tempfile.TemporaryDirectory(prefix="whoosh-check-") as folder:
        return _disagreement_in(FileStorage(folder).create())


def _disagreement_in(storage) -> str:
    index = storage.create_index(Schema(text=TEXT(phrase=True)))
    with index.writer() as writer:
        for text in TEXTS:
            writer.add_document(text=text)
    with index.searcher() as searcher:
        reader = searcher.reader()
        if not isinstance(reader.postings("text", b"alpha"), W3LeafMatcher):
            return "posting lists are not read by W3LeafMatcher"
        return (
            _postings_problem(reader)
            or _lengths_problem(reader)
            or _scores_problem(searcher)
        )


def _postings_problem(reader) -> str:
    matcher = reader.postings("text", b"alpha")
    expected = list(matcher.items_as("weight"))
    found = [
        pair
        for ids, weights in blocks(reader, "text", b"alpha")
        for pair in zip(ids, weights, strict=True)
    ]
    if found != expected:
        return f"postings read as {found}, Whoosh reads {expected}"
    decode = reader.schema["text"].format.decode_positions
    positions = [
        decode(value)
        for _ids, _weights, values in blocks_with_values(reader, "text", b"alpha")
        for value in values
    ]
    expected = [
        p for _doc, p in reader.postings("text", b"alpha").items_as("positions")
    ]
    if positions != expected:
        return f"positions read as {positions}, Whoosh reads {expected}"
    return ""


def _lengths_problem(reader) -> str:
    found = field_lengths(reader, "text")
    expected = [reader.doc_field_length(doc, "text", 0) for doc in range(len(TEXTS))]
    return "" if found == expected else f"lengths read as {found}, not {expected}"


def _scores_problem(searcher) -> str:
    query = wq.Or([wq.Term("text", "alpha"), wq.Term("text", "gamma")])
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    found = scored_documents(searcher, query)
    if found.keys() != expected.keys() or any(
        abs(found[doc] - score) > 1e-9 * max(1.0, score)
        for doc, score in expected.items()
    ):
        return f"scores {found}, Whoosh's {expected}"
    return ""
