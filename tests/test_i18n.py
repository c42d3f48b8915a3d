"""Both interfaces are complete: all strings in Arabic, the compiled catalog current."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES"


def test_every_interface_string_has_its_arabic_translation():
    catalog = polib.pofile(CATALOG / "django.po")
    assert catalog.untranslated_entries() == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    plural = [e for e in catalog if e.msgid_plural]
    assert plural, "the catalog has plural forms (counts of statements)"
    for entry in plural:
        assert len(entry.msgstr_plural) == 6, entry.msgid  # Arabic's six forms


def translations(catalog) -> dict:
    return {
        e.msgid: (e.msgstr, sorted(e.msgstr_plural.items()))
        for e in catalog
        if e.msgid and not e.obsolete
    }


def test_the_compiled_catalog_is_the_current_one():
    source = translations(polib.pofile(CATALOG / "django.po"))
    compiled = translations(polib.mofile(CATALOG / "django.mo"))
    assert compiled == source, "run `make messages` to compile the catalog"


@pytest.mark.django_db
def test_arabic_interface_by_default_and_english_under_en(client):
    arabic = client.get("/search/").content.decode()
    english = client.get("/en/search/").content.decode()
    assert "تصفّح" in arabic or "تصفح" in arabic
    assert "Browse" in english and "Browse" not in arabic
