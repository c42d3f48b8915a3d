"""Property-based tests of hostile input: the importers, fed random and malformed
bytes in every format (.txt, .jsonl, .json, .csv, each also gzipped) and
encoding (UTF-8, UTF-16 with its BOM, Windows-1256), either import or report,
never raise; the query language and every search filter take any string
without a server error.

Real files in a temporary folder, read by ``import_paths`` as the command and
the admin read them; each example's import rolled back so the next starts
from the same archive. Bounded to about a minute on a shared machine.
"""

import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from statements.ingest import RecordError, import_paths
from statements.search import SearchRequest, search
from statements.search.query import parse_query
from statements.web.forms import SearchForm
from tests.factories import indexed, small_archive

pytestmark = pytest.mark.django_db

FORMATS = [".txt", ".jsonl", ".json", ".csv"]
ENCODINGS = ["utf-8", "utf-16", "cp1256"]  # Python's "utf-16" writes the BOM
BOUNDED = settings(
    # FUZZ_EXAMPLES=600 searches harder (about 45 s for the file).
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as statements and attacks hold it: Arabic, Latin, digits, markup,
# quotes and separators, bidi and zero-width controls, NUL and line ends.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("بيانقواتسورياالديمقراطيةأإآءةىًٌٍَُِّْـ٠١٢"),
        st.sampled_from("abcXYZ019 ,;|\"'\\{}[]:<>&=\t\n\r\u2028\u200f\u202e\x00"),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = ["title", "body", "date", "issuer", "tags", "places", "external_id", "url"]
RECORD = st.dictionaries(st.sampled_from(FIELDS) | TEXT, JSON_VALUE, max_size=6)


def serialized(fmt: str, records: list[dict]) -> str:
    """Records written as the format writes them (values of any JSON type)."""
    if fmt == ".jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == ".json":
        return json.dumps(records, ensure_ascii=False)
    if fmt == ".csv":
        columns = sorted({k for r in records for k in r} | {"body"})
        rows = [
            [json.dumps(r.get(c), ensure_ascii=False) for c in columns] for r in records
        ]
        return "\n".join(",".join(row) for row in [columns, *rows])
    return "\n".join(str(v) for r in records for v in r.values())


@st.composite
def mangled(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes overwritten, or as it is."""
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1 :]
    return data


def import_bytes(name: str, data: bytes, gzipped: bool):
    """Import ``data`` as the file ``name`` (gzipped or not); rolled back after."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name + (".gz" if gzipped else ""))
        path.write_bytes(gzip.compress(data) if gzipped else data)
        with transaction.atomic():
            summary = import_paths([path])
            transaction.set_rollback(True)
    return path, summary


def assert_imported_or_reported(path: Path, summary) -> None:
    """Every error names the file it is about and says something."""
    # Seen with --hypothesis-show-statistics: how many examples got this far.
    event("imported" if summary.created else "reported" if summary.errors else "empty")
    for error in summary.errors:
        assert isinstance(error, RecordError | str)
        assert path.name in str(error) and len(str(error)) > len(str(path)) + 2
    assert summary.created + summary.updated + summary.unchanged >= 0


@BOUNDED
@given(
    fmt=st.sampled_from(FORMATS),
    gzipped=st.booleans(),
    data=st.binary(max_size=400),
)
@example(fmt=".csv", gzipped=False, data=b"body\n\x00")
@example(fmt=".jsonl", gzipped=True, data=b"\xff\xfe{")
@example(fmt=".json", gzipped=False, data=b"[" * 50_000)
def test_random_bytes_in_any_format_import_or_report(fmt, gzipped, data):
    path, summary = import_bytes(f"random{fmt}", data, gzipped)
    assert_imported_or_reported(path, summary)


@BOUNDED
@given(
    fmt=st.sampled_from(FORMATS),
    encoding=st.sampled_from(ENCODINGS),
    gzipped=st.booleans(),
    records=st.lists(RECORD, max_size=4),
    cut=st.data(),
)
def test_malformed_records_in_any_format_and_encoding_import_or_report(
    fmt, encoding, gzipped, records, cut
):
    text = serialized(fmt, records)
    data = cut.draw(mangled(text.encode(encoding, errors="replace")))
    path, summary = import_bytes(f"records{fmt}", data, gzipped)
    assert_imported_or_reported(path, summary)


@BOUNDED
@given(
    encoding=st.sampled_from(ENCODINGS),
    title=TEXT.filter(str.strip),
    body=TEXT,
    extra=st.sampled_from(["", "x", "\r\n", "\u2028"]),
)
def test_well_formed_records_import_in_every_encoding(encoding, title, body, extra):
    """The other side of "import or report": a record that is well formed and
    encodable is imported, whatever its characters (or refused with a reason
    when its text is not something a statement may hold)."""
    record = {"title": title, "body": body + extra}
    try:
        data = serialized(".jsonl", [record]).encode(encoding)
    except UnicodeEncodeError:
        return  # Windows-1256 cannot write these characters: not such a file
    path, summary = import_bytes("one.jsonl", data, gzipped=False)
    assert_imported_or_reported(path, summary)
    assert summary.created == 1 or summary.errors


# ------------------------------------------------------- queries and filters

FILTER_NAMES = ["issuer", "type", "tag", "place", "lang"]
ANY_STRING = st.text(max_size=80)
QUERY = st.lists(
    st.one_of(
        ANY_STRING,
        st.builds("{}:{}".format, st.sampled_from([*FILTER_NAMES, "date"]), ANY_STRING),
        st.sampled_from(['"', "«", "»", "-", "OR", "|", "AND", "(", ")", "*", ":"]),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(QUERY)
def test_the_query_parser_takes_any_string(text):
    parsed = parse_query(text)
    assert all(c.text is not None for c in parsed.clauses if hasattr(c, "text"))


@pytest.fixture
def archive(db):
    found = small_archive()
    indexed(found["prisons"], found["ceasefire"], found["truce"])


PARAMS = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(ANY_STRING, st.lists(ANY_STRING, max_size=3))
        for name in [
            "q",
            *FILTER_NAMES,
            "date_from",
            "date_to",
            "sort",
            "aliases",
            "page",
            "page_size",
        ]
    },
)


@BOUNDED
@given(params=PARAMS)
def test_the_search_form_and_service_take_any_filter_values(archive, params):
    form = SearchForm(params)
    if form.is_valid():
        response = search(form.search_request())
        assert response.count >= 0
    else:
        assert all(messages for messages in form.errors.values())


@BOUNDED
@given(params=PARAMS, english=st.booleans())
def test_the_search_page_and_api_answer_any_parameters_without_error(
    archive, client, params, english
):
    page = client.get("/en/search/" if english else "/search/", params)
    api = client.get("/api/v1/search", params)
    assert page.status_code == 200
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert api.json()["error"]


def test_a_search_request_never_exceeds_the_page_ceiling(archive):
    """What the form let through, the service accepted (the two agree)."""
    form = SearchForm({"page": "500", "page_size": "20"})
    assert form.is_valid()
    assert search(form.search_request()) is not None
    assert SearchRequest(q="x").page == 1
