"""Citing a statement: the sentence for readers, BibTeX, RIS, CSL-JSON, downloads."""

import datetime
import json
import re

import pytest
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from statements.formats.citation import (
    Outside,
    bibtex,
    citation_pieces,
    csl_json,
    formatted_citation,
    ris,
)
from statements.models import Statement
from statements.templatetags.archive import citation_html, isolate
from statements.web.downloads import citation_text
from tests.factories import make_actor, make_statement

pytestmark = pytest.mark.django_db

URL = "https://archive.example/statements/7/"
ACCESSED = datetime.date(2026, 11, 29)
TRICKY_TITLE = "بيان {القيادة} 100% حول R&D #1 و file_name"


@pytest.fixture
def sdf():
    return make_actor("القيادة العامة لقوات سوريا الديمقراطية", "SDF General Command")


def dated(day: str, precision: str, **fields) -> Statement:
    return make_statement(
        date_issued=datetime.date.fromisoformat(day), date_precision=precision, **fields
    )


def bibtex_fields(entry: str) -> tuple[str, dict[str, str]]:
    """Parse one BibTeX entry: its key and raw field values (outer braces removed).

    Fails if a brace closes before it opens or stays open; ``\\{`` and ``\\}``
    are escaped braces and do not count.
    """
    match = re.fullmatch(r"@misc\{([^,]+),\n(.*)\n\}\n", entry, re.DOTALL)
    assert match, entry
    fields, depth, start, name = {}, 0, 0, None
    body = match.group(2) + ","
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"unbalanced braces in {entry}"
        elif char == "=" and depth == 0:
            name, start = body[:i].split(",")[-1].strip(), i + 1
        elif char == "," and depth == 0 and name:
            value = body[start:i].strip()
            fields[name] = value[1:-1] if value.startswith("{") else value
            name = None
        i += 1
    assert depth == 0, f"unbalanced braces in {entry}"
    return match.group(1), fields


def unescape_bibtex(value: str) -> str:
    return re.sub(r"\\([{}%&#_$])", r"\1", value)


def ris_tags(record: str) -> list[tuple[str, str]]:
    lines = record.split("\r\n")
    assert lines[-1] == "", "the record ends with a line break"
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    return [(line[:2], line[6:]) for line in lines[:-1]]


def test_bibtex_escapes_special_characters_and_keeps_braces_balanced(sdf):
    statement = dated("2019-03-23", "day", title=TRICKY_TITLE, issuer=sdf)
    with translation.override("ar"):
        entry = bibtex(statement, URL, ACCESSED)
    key, fields = bibtex_fields(entry)
    assert key == f"statement-{statement.pk}"
    assert r"100\%" in fields["title"]
    assert r"R\&D \#1" in fields["title"]
    assert r"file\_name" in fields["title"]
    assert unescape_bibtex(fields["title"]) == TRICKY_TITLE
    # Double braces: the issuer is one corporate name, not "Last, First".
    assert fields["author"] == "{القيادة العامة لقوات سوريا الديمقراطية}"
    assert fields["year"] == "2019"
    assert fields["month"] == "mar"
    assert fields["date"] == "2019-03-23"
    assert fields["url"] == URL
    assert fields["urldate"] == "2026-11-29"


def test_bibtex_of_a_year_gives_no_month():
    _, fields = bibtex_fields(bibtex(dated("2019-01-01", "year"), URL, ACCESSED))
    assert fields["year"] == "2019"
    assert fields["date"] == "2019"
    assert "month" not in fields


def test_ris_record_has_one_tag_a_line_and_ends_with_er(sdf):
    statement = dated("2019-03-01", "month", issuer=sdf, source="وكالة هاوار")
    with translation.override("en"):
        tags = ris_tags(ris(statement, URL, ACCESSED))
    assert tags[0] == ("TY", "GEN")
    assert tags[-1] == ("ER", "")
    found = dict(tags)
    assert found["AU"] == "SDF General Command"
    assert found["TI"] == statement.title
    assert found["PY"] == "2019"
    assert found["DA"] == "2019/03//"
    assert found["T2"] == "وكالة هاوار"
    assert found["UR"] == URL
    assert found["Y2"] == "2026/11/29/"
    assert found["LA"] == "ar"


def test_ris_values_never_span_lines():
    statement = make_statement(title="بيان\nمن سطرين")
    assert dict(ris_tags(ris(statement, URL, ACCESSED)))["TI"] == "بيان من سطرين"


@pytest.mark.parametrize(
    ("precision", "parts"),
    [
        ("day", [[2019, 3, 23]]),
        ("month", [[2019, 3]]),
        ("year", [[2019]]),
    ],
)
def test_csl_json_issued_is_as_precise_as_the_date(precision, parts):
    statement = dated("2019-03-23", precision)
    (item,) = json.loads(csl_json(statement, URL, ACCESSED))
    assert item["issued"] == {"date-parts": parts}
    assert item["accessed"] == {"date-parts": [[2026, 11, 29]]}


def test_csl_json_item_has_the_citation_fields(sdf):
    statement = dated("2019-03-23", "day", issuer=sdf, source="ANHA", language="ar")
    text = csl_json(statement, URL, ACCESSED)
    (item,) = json.loads(text)
    assert item["id"] == f"statement-{statement.pk}"
    assert item["type"] == "document"
    assert item["title"] == statement.title
    assert item["author"] == [{"literal": str(sdf)}]
    assert item["URL"] == URL
    assert item["container-title"] == "ANHA"
    assert item["language"] == "ar"
    assert statement.title in text, "Arabic is written as UTF-8, not \\u escapes"


def test_undated_statement_without_issuer_is_citable_in_every_format():
    statement = make_statement(title="بيان بلا تاريخ")
    with translation.override("en"):
        sentence = formatted_citation(statement, URL, ACCESSED)
        (item,) = json.loads(csl_json(statement, URL, ACCESSED))
        tags = dict(ris_tags(ris(statement, URL, ACCESSED)))
        _, fields = bibtex_fields(bibtex(statement, URL, ACCESSED))
    assert sentence.startswith("“بيان بلا تاريخ”.")
    assert "undated" in sentence
    assert "author" not in item and "issued" not in item
    assert "AU" not in tags and "PY" not in tags and "DA" not in tags
    assert "author" not in fields and "year" not in fields


def test_formatted_citation_names_issuer_type_date_source_url_and_access(sdf):
    statement = dated("2019-03-23", "day", issuer=sdf, source="ANHA", title="بيان")
    with translation.override("en"):
        sentence = formatted_citation(statement, URL, ACCESSED)
    assert sentence == (
        f"SDF General Command. “بيان”. statement, 2019-03-23. ANHA. {URL} "
        "(accessed 2026-11-29)."
    )


def test_formatted_citation_in_arabic_uses_arabic_quotes_and_comma(sdf):
    statement = dated("2019-03-23", "day", issuer=sdf, source="ANHA", title="بيان")
    with translation.override("ar"):
        sentence = formatted_citation(statement, URL, ACCESSED)
        type_name = str(statement.type)
    assert sentence == (
        f"القيادة العامة لقوات سوريا الديمقراطية. «بيان». {type_name}، 2019-03-23. "
        f"ANHA. {URL} (تاريخ الاطّلاع 2026-11-29)."
    )


def test_formatted_citation_names_the_issuer_in_the_interface_language(sdf):
    statement = make_statement(issuer=sdf)
    with translation.override("ar"):
        assert formatted_citation(statement, URL, ACCESSED).startswith(
            "القيادة العامة لقوات سوريا الديمقراطية."
        )
    with translation.override("en"):
        assert formatted_citation(statement, URL, ACCESSED).startswith(
            "SDF General Command."
        )


def test_the_citations_pieces_from_outside_are_marked_and_join_into_the_sentence(sdf):
    statement = dated("2019-03-23", "day", issuer=sdf, source="ANHA", title="بيان")
    with translation.override("en"):
        pieces = citation_pieces(statement, URL, ACCESSED)
        sentence = formatted_citation(statement, URL, ACCESSED)
    assert "".join(pieces) == sentence
    outside = [piece for piece in pieces if isinstance(piece, Outside)]
    assert outside == ["SDF General Command", "بيان", "statement", "ANHA"]
    assert URL in pieces and "2019-03-23" in pieces


def test_the_citation_isolates_each_piece_from_outside_in_bdi(sdf):
    rlo = "\u202e"
    statement = dated("2019-03-23", "day", issuer=sdf, title=f"بيان{rlo} <b>")
    with translation.override("en"):
        html = citation_html(citation_pieces(statement, URL, ACCESSED))
    assert html.startswith("<bdi>SDF General Command</bdi>. “<bdi>بيان")
    assert f"<bdi>بيان{rlo} &lt;b&gt;</bdi>”. <bdi>statement</bdi>, " in html
    assert f'<bdi dir="ltr">{URL}</bdi>' in html


def test_isolate_escapes_text_keeps_marks_and_leaves_nothing_for_nothing():
    assert isolate('قسد "><img>') == "<bdi>قسد &quot;&gt;&lt;img&gt;</bdi>"
    assert isolate(mark_safe("<mark>قسد</mark>")) == "<bdi><mark>قسد</mark></bdi>"
    assert isolate("") == "" and isolate(None) == ""


def test_citation_text_is_accessed_today():
    statement = make_statement()
    assert timezone.localdate().isoformat() in "".join(citation_text(statement, URL))


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("json", "application/vnd.citationstyles.csl+json"),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_citation_downloads_are_attachments_citing_the_permanent_url(
    client, sdf, fmt, content_type, prefix
):
    statement = make_statement(title="بيان القيادة", issuer=sdf)
    response = client.get(f"{prefix}/statements/{statement.pk}/cite.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-{statement.pk}.{fmt}"'
    )
    text = response.content.decode("utf-8")
    assert f"http://testserver{prefix}/statements/{statement.pk}/" in text
    assert "بيان القيادة" in text
    issuer = "SDF General Command" if prefix == "/en" else sdf.name_ar
    assert issuer in text


@pytest.mark.parametrize("status", ["draft", "review"])
def test_citations_of_unpublished_statements_are_not_found(client, status):
    statement = make_statement(status=status)
    assert client.get(f"/statements/{statement.pk}/cite.bib").status_code == 404


def test_retracted_statements_stay_citable(client):
    statement = make_statement(status="retracted")
    assert client.get(f"/statements/{statement.pk}/cite.ris").status_code == 200


def test_an_unknown_citation_format_is_not_found(client):
    statement = make_statement()
    assert client.get(f"/statements/{statement.pk}/cite.doc").status_code == 404
