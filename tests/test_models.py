"""The statement model: hashes, dates with their precision, URLs, QuerySets."""

import datetime
import hashlib

import pytest
from django.db import connection

from statements.models import Actor, Statement, text_fingerprint
from tests.factories import make_actor, make_statement

pytestmark = pytest.mark.django_db


def test_sha256_of_a_typed_statement_is_of_its_utf8_body():
    statement = make_statement(body="تواصل قوّات سوريا الديمقراطية")
    assert (
        statement.sha256
        == hashlib.sha256("تواصل قوّات سوريا الديمقراطية".encode()).hexdigest()
    )


def test_normalized_hash_ignores_diacritics_and_hamza_forms():
    assert text_fingerprint("قوّات الأمن") == text_fingerprint("قوات الامن")
    assert text_fingerprint("قوات الأمن") != text_fingerprint("قوات الجيش")


def test_published_leaves_out_drafts_review_and_retracted():
    shown = make_statement(status=Statement.Status.PUBLISHED)
    for status in ("draft", "review", "retracted"):
        make_statement(status=status)
    assert list(Statement.objects.published()) == [shown]


def test_public_is_published_and_retracted_statements():
    shown = {make_statement(status=s).pk for s in ("published", "retracted")}
    for status in ("draft", "review"):
        make_statement(status=status)
    assert set(Statement.objects.public().values_list("pk", flat=True)) == shown


def test_in_period_leaves_out_undated_statements():
    dated = make_statement(
        date_issued=datetime.date(2020, 3, 1), date_precision="month"
    )
    make_statement()
    found = Statement.objects.in_period(
        datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    )
    assert list(found) == [dated]


def test_years_are_those_of_dates_newest_first_from_the_index():
    for day, status in [
        ("2019-03-01", "published"),
        ("2019-12-31", "draft"),
        ("2020-01-01", "published"),
        ("2017-06-30", "draft"),
    ]:
        make_statement(date_issued=datetime.date.fromisoformat(day), status=status)
    make_statement()  # undated
    for statements in (Statement.objects.all(), Statement.objects.published()):
        dates = statements.dates("date_issued", "year", order="DESC")
        assert statements.years() == [d.year for d in dates]
    assert Statement.objects.years() == [2020, 2019, 2017]
    assert Statement.objects.none().years() == []


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("day", "2020-03-15"), ("month", "2020-03"), ("year", "2020"), ("unknown", "")],
)
def test_date_is_shown_as_precisely_as_it_is_known(precision, shown):
    statement = make_statement(
        date_issued=datetime.date(2020, 3, 15), date_precision=precision
    )
    assert statement.date_display == shown


def test_absolute_url_is_stable_with_a_slug_that_may_change():
    statement = make_statement(title="بيان القيادة العامة")
    assert statement.get_absolute_url().startswith(f"/statements/{statement.pk}/")


def test_actor_found_by_alias_without_hamza():
    sdf = make_actor(
        "قوات سوريا الديمقراطية", "Syrian Democratic Forces", aliases=["قسد", "SDF"]
    )
    assert list(Actor.objects.by_alias("sdf")) == [sdf]
    assert list(Actor.objects.by_alias("قسد")) == [sdf]


def test_by_issuer_finds_only_that_issuers_statements():
    sdf = make_actor("قسد")
    other = make_actor("الأمم المتحدة")
    mine = make_statement(issuer=sdf)
    make_statement(issuer=other)
    assert list(Statement.objects.by_issuer(sdf)) == [mine]


def test_names_follow_the_interface_language():
    from django.utils import translation

    sdf = make_actor("قوات سوريا الديمقراطية", "Syrian Democratic Forces")
    with translation.override("en"):
        assert str(sdf) == "Syrian Democratic Forces"
    with translation.override("ar"):
        assert str(sdf) == "قوات سوريا الديمقراطية"
    assert str(make_actor("", "UNHCR")) == "UNHCR"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page size")
def test_a_new_sqlite_database_has_16_kib_pages():
    """Statements of several KB fill 16 KiB pages; 4 KiB ones left them in
    half-empty overflow chains (8% of the corpus's archive)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_size")
        assert cursor.fetchone()[0] == 16384
