"""The public pages that exist so far: the list and the statement page."""

import pytest

from tests.factories import indexed, make_statement

pytestmark = pytest.mark.django_db


def test_statement_page_marks_the_searched_words_in_their_original_form(client):
    (statement,) = indexed(
        make_statement("تواصل قوّاتُنا الحرب\nفي سجونِ الشمال", title="بيان")
    )
    page = client.get(statement.get_absolute_url(), {"q": "قوات سجن"}).content.decode()
    assert "<mark>قوّاتُنا</mark>" in page
    assert "<mark>سجونِ</mark>" in page


def test_statement_page_without_a_search_marks_nothing(client):
    statement = make_statement("تواصل قواتنا الحرب", title="بيان")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<mark>" not in page
    assert "<p>تواصل قواتنا الحرب</p>" in page


def test_drafts_are_not_public(client):
    statement = make_statement("نص", status="draft")
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_a_wrong_slug_redirects_to_the_canonical_url(client):
    statement = make_statement("نص", title="بيان القيادة")
    response = client.get(f"/statements/{statement.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == statement.get_absolute_url()
