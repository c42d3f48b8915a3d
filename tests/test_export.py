"""export_statements: dumps that re-import exactly, filters, CSV for spreadsheets."""

import csv
import datetime
import gzip
import hashlib
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statements.dumps import SelectionError, format_of, parse_selection, selected
from statements.dumps.selection import in_chunks
from statements.ingest import import_paths
from statements.models import (
    Actor,
    GazetteerLoad,
    Place,
    PlaceAlias,
    Statement,
    StatementType,
    Tag,
)
from tests.factories import make_actor, make_statement, small_archive

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TXT = 'بيان من ملف نصي\r\nالسطر الأول، "مقتبس"\r\n\r\n=السطر الثاني\r\n'.encode()
TRICKY_BODY = '=SUM(A1:A9)\nسطر "مقتبس"، وفاصلة, هنا\r\nآخر سطر\u2028بعده'


def names_of(entity) -> tuple | None:
    """An actor or place as a round trip must keep it."""
    if entity is None:
        return None
    parent = entity.parent
    return (
        entity.name_ar,
        entity.name_en,
        entity.kind,
        sorted(entity.names()),
        parent and (parent.name_en or parent.name_ar),
    )


def archive_state() -> list[dict]:
    """Every public statement with what a dump must carry, by SHA-256."""
    statements = Statement.objects.public().select_related("issuer", "type")
    rows = []
    for s in statements.prefetch_related("places", "actors", "tags"):
        rows.append(
            {
                **{
                    name: getattr(s, name)
                    for name in (
                        *("sha256", "title", "body", "date_issued", "date_precision"),
                        *("status", "retraction_reason", "language", "external_id"),
                        *("author", "source", "source_url", "archived_url"),
                        "editorial_note",
                    )
                },
                "type": s.type.code,
                "issuer": names_of(s.issuer),
                "places": sorted(map(names_of, s.places.all())),
                "actors": sorted(map(names_of, s.actors.all())),
                "tags": sorted(t.name for t in s.tags.all()),
            }
        )
    return sorted(rows, key=lambda row: row["sha256"])


def empty_the_archive() -> None:
    Statement.objects.all().delete()
    for model in (Actor, Place, Tag, StatementType, GazetteerLoad):
        model.objects.all().delete()


def export(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("export_statements", str(path), *options, stdout=out)
    return out.getvalue()


def reimport(path: Path) -> None:
    """Into the emptied archive: the vocabulary first, then the statements."""
    gazetteer = path.with_name(path.name.split(".")[0] + ".gazetteer.json")
    call_command("load_gazetteer", str(gazetteer), verbosity=0)
    call_command("import_statements", str(path), "--no-dumps", verbosity=0)


def tricky_archive(tmp_path: Path) -> dict:
    """Arabic, formulas, quotes, newlines, a retraction, every date precision,
    a .txt original, an Arabic-only actor with a parent, a '|' in a name."""
    sdf = make_actor(
        "قوات سوريا الديمقراطية", "Syrian Democratic Forces", ["قسد", "SDF"]
    )
    sdf.kind = Actor.Kind.ARMED_GROUP
    sdf.save()
    command = make_actor("القيادة العامة لقسد", parent=sdf)
    piped = make_actor(name_en="Group | with a bar")
    raqqa = Place.objects.create(name_ar="الرقة", name_en="Raqqa", kind="city")
    for alias in ("الرقة", "Raqqa", "Raqqah"):
        PlaceAlias.objects.create(place=raqqa, name=alias)
    source = tmp_path / "source"
    source.mkdir()
    (source / "s.txt").write_bytes(TXT)
    meta = {"issuer": "مجلس دير الزور العسكري", "date": "2020", "places": ["الرقة"]}
    (source / "s.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert import_paths([source]).created == 1
    formula = make_statement(
        TRICKY_BODY,
        title="+ إعلان «عاجل»",
        issuer=sdf,
        date_issued=datetime.date(2020, 3, 1),
        date_precision="month",
        external_id="ext-1",
        author="@متابعات",
        source_url="https://example.org/a?b=1&c=2",
        editorial_note="-ملاحظة: النص كما نُشر",
    )
    formula.places.add(raqqa)
    formula.actors.add(command, piped)
    formula.tags.add(Tag.objects.create(name="-سالب"), Tag.objects.create(name="=وسم"))
    make_statement(
        "\tThe statement was a forgery.",
        title="'Quoted' title",
        language="en",
        status=Statement.Status.RETRACTED,
        retraction_reason="نُشر خطأً: مزوّر",
        date_issued=datetime.date(2021, 1, 9),
        date_precision="day",
    )
    make_statement("نص بلا تاريخ", issuer=command)
    make_statement("مسودة لا تُنشر", status=Statement.Status.DRAFT)
    make_statement("قيد المراجعة", status=Statement.Status.REVIEW)
    return {"sdf": sdf, "formula": formula}


@pytest.mark.parametrize("name", ["dump.jsonl", "dump.csv", "dump.csv.gz"])
def test_export_then_import_into_an_empty_archive_gives_the_same_statements(
    tmp_path, name
):
    tricky_archive(tmp_path)
    before = archive_state()
    path = tmp_path / "out" / name
    path.parent.mkdir()
    assert "4 statements written" in export(path)
    empty_the_archive()
    reimport(path)
    after = archive_state()
    assert len(after) == 4
    assert after == before
    assert not Statement.objects.exclude(status__in=Statement.PUBLIC_STATUSES).exists()


def test_a_txt_original_keeps_the_sha256_of_the_file_bytes_through_a_dump(tmp_path):
    tricky_archive(tmp_path)
    path = tmp_path / "dump.jsonl"
    export(path)
    empty_the_archive()
    reimport(path)
    from_txt = Statement.objects.get(title="بيان من ملف نصي")
    assert from_txt.sha256 == hashlib.sha256(TXT).hexdigest()
    assert from_txt.sha256 != hashlib.sha256(from_txt.body.encode()).hexdigest()
    assert from_txt.date_display == "2020"


@pytest.mark.parametrize("name", ["seed.jsonl", "seed.csv"])
def test_the_seed_survives_a_round_trip(tmp_path, name):
    call_command("load_gazetteer", verbosity=0)
    call_command("import_statements", str(SEEDS), "--no-dumps", verbosity=0)
    before = archive_state()
    assert before[0]["issuer"][4] == "Syrian Democratic Forces"  # its parent
    path = tmp_path / name
    export(path)
    empty_the_archive()
    reimport(path)
    assert archive_state() == before
    seed = next(SEEDS.glob("*.txt")).read_bytes()
    assert Statement.objects.get().sha256 == hashlib.sha256(seed).hexdigest()


def test_importing_a_dump_again_changes_nothing(tmp_path):
    tricky_archive(tmp_path)
    path = tmp_path / "dump.csv"
    export(path)
    summary = import_paths([path])
    assert (summary.created, summary.updated, summary.failed) == (0, 0, 0)
    assert summary.unchanged == 4


def test_csv_has_a_bom_and_neutralizes_what_a_spreadsheet_would_run(tmp_path):
    tricky_archive(tmp_path)
    path = tmp_path / "dump.csv"
    export(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    row = next(r for r in rows if r["external_id"] == "ext-1")
    assert row["body"] == "'" + TRICKY_BODY
    assert row["title"] == "'+ إعلان «عاجل»"
    assert row["author"] == "'@متابعات"
    assert row["editorial_note"] == "'-ملاحظة: النص كما نُشر"
    assert row["tags"] == "'-سالب | =وسم"
    assert row["actors"] == "Group \\| with a bar | القيادة العامة لقسد"
    assert row["csv_escaping"] == "formula-quote"
    quoted = next(r for r in rows if r["language"] == "en")
    assert quoted["title"] == "''Quoted' title"
    assert quoted["status"] == "retracted"
    assert quoted["body"] == "'\tThe statement was a forgery."
    assert all(
        not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values()
    )


def test_an_ordinary_csv_keeps_its_leading_quotes_and_separators(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(
        "title,body,tags\n'عنوان,'=نص كما هو,أمن; داعش\n", encoding="utf-8-sig"
    )
    assert import_paths([path]).created == 1
    statement = Statement.objects.get()
    assert (statement.title, statement.body) == ("'عنوان", "'=نص كما هو")
    assert sorted(t.name for t in statement.tags.all()) == ["أمن", "داعش"]


def test_filters_select_like_the_search_page(tmp_path):
    archive = small_archive()
    archive["prisons"].status = Statement.Status.RETRACTED
    archive["prisons"].save()
    cases = [
        (["--issuer", "Syrian Democratic Forces"], {"prisons", "truce"}),
        (
            ["--issuer", str(archive["un"].pk), "--issuer", "قسد"],
            {"prisons", "ceasefire", "truce"},
        ),
        (["--place", str(archive["raqqa"].pk)], {"prisons"}),
        (["--tag", "سجون"], {"prisons"}),
        (["--lang", "en"], {"ceasefire"}),
        (
            ["--type", "statement", "--date-from", "2020-06", "--date-to", "2020"],
            {"ceasefire"},
        ),
        (["--updated-since", "2000-01-01"], {"prisons", "ceasefire", "truce"}),
        (
            [
                "--updated-since",
                (timezone.now() + datetime.timedelta(hours=1)).isoformat(),
            ],
            set(),
        ),
    ]
    for options, expected in cases:
        path = tmp_path / "f.jsonl"
        export(path, *options)
        with open(path, encoding="utf-8") as lines:
            titles = {json.loads(line)["title"] for line in lines}
        assert titles == {archive[key].title for key in expected}, options


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"issuer": ["لا أحد"]}, "--issuer: .*«لا أحد»"),
        ({"date_from": "2020/13"}, "--date-from: write a date as YYYY, YYYY-MM"),
        ({"updated_since": "yesterday"}, "--updated-since: write an ISO date"),
    ],
)
def test_a_bad_option_says_what_to_fix(options, message):
    with pytest.raises(SelectionError, match=message):
        list(selected(parse_selection(options)))


def test_the_command_turns_bad_options_into_command_errors(tmp_path):
    with pytest.raises(CommandError, match=r"--tag: .*«غير موجود»"):
        export(tmp_path / "x.jsonl", "--tag", "غير موجود")
    with pytest.raises(CommandError, match=r"named \*\.csv or \*\.csv\.gz"):
        export(tmp_path / "x.jsonl", "--format", "csv")
    assert format_of(Path("a.csv.gz"), None) == "csv"
    assert format_of(Path("a.jsonl"), None) == "jsonl"


def test_statements_are_read_a_chunk_at_a_time_with_their_relations(tmp_path):
    tag = Tag.objects.create(name="وسم")
    made = [make_statement(f"نص {n}") for n in range(5)]
    for statement in made:
        statement.tags.add(tag)
    chunks = in_chunks(selected(), size=2)
    first = next(chunks)
    late = make_statement("نص أُضيف أثناء التصدير")  # after the first chunk
    rest = list(chunks)
    assert [len(c) for c in [first, *rest]] == [2, 2, 2]
    ids = [s.pk for c in [first, *rest] for s in c]
    assert ids == sorted({*(s.pk for s in made), late.pk})
    with CaptureQueriesContext(connection) as queries:
        names = [t.name for s in rest[0] for t in s.tags.all()]
    assert names == ["وسم", "وسم"] and len(queries) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sha256": "ABC"}, "'sha256' must be 64 lowercase hexadecimal digits"),
        ({"sha256": "A" * 64}, "'sha256' must be 64 lowercase hexadecimal digits"),
        ({"retraction_reason": "خطأ"}, "'retraction_reason' is given but 'status'"),
    ],
)
def test_the_new_import_fields_are_checked(tmp_path, fields, message):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"body": "نص", **fields}) + "\n", encoding="utf-8")
    summary = import_paths([path])
    assert summary.failed == 1
    assert message in str(summary.errors[0])


def test_a_given_sha256_is_kept_and_matches_the_statement_again(tmp_path):
    sha = hashlib.sha256(b"the original bytes").hexdigest()
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"body": "نص", "sha256": sha}) + "\n", "utf-8")
    assert import_paths([path]).created == 1
    assert Statement.objects.get().sha256 == sha
    path.write_text(json.dumps({"body": "نص مصحح", "sha256": sha}) + "\n", "utf-8")
    assert import_paths([path]).updated == 1
    assert Statement.objects.get().body == "نص مصحح"


def test_a_gzipped_dump_is_byte_for_byte_the_same_each_time(tmp_path):
    small_archive()
    export(tmp_path / "a.jsonl.gz")
    export(tmp_path / "b.jsonl.gz")
    first, second = [(tmp_path / n).read_bytes() for n in ("a.jsonl.gz", "b.jsonl.gz")]
    assert first == second
    assert len(gzip.decompress(first).splitlines()) == 3
