"""The seed document imported end to end, as `make run` does it."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.models import Actor, Statement

pytestmark = pytest.mark.django_db(transaction=True)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_3a983311a22140ec.txt"
SHARED_SEED = SEED.parent.parent.parent / "shared" / "seeds" / SEED.name


@pytest.fixture
def seeded():
    call_command("load_gazetteer", verbosity=0)
    call_command("import_statements", str(SEED.parent), verbosity=0)
    return Statement.objects.get()


@pytest.mark.skipif(
    not SHARED_SEED.exists(), reason="../shared/seeds is not beside this checkout"
)
def test_seed_is_a_byte_for_byte_copy_of_the_shared_one():
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_title_body_and_fingerprint_are_the_files_own(seeded):
    data = SEED.read_bytes()
    assert seeded.title == data.decode().splitlines()[0]
    assert seeded.title.startswith("قيادة قسد تدعو التحالف الدولي")
    assert seeded.body == data.decode().split("\n", 1)[1]
    assert seeded.sha256 == hashlib.sha256(data).hexdigest()


def test_seed_issuer_is_the_sdf_general_command_known_by_its_aliases(seeded):
    issuer = seeded.issuer
    assert issuer.name_ar == "القيادة العامة لقوات سوريا الديمقراطية"
    assert issuer.parent.name_en == "Syrian Democratic Forces"
    sdf = issuer.parent
    for alias in ("قسد", "SDF", "Syrian Democratic Forces", "قوات سوريا الديمقراطية"):
        assert sdf in Actor.objects.by_alias(alias), alias


def test_seed_date_stays_unknown_and_its_metadata_comes_from_the_sidecar(seeded):
    assert seeded.date_issued is None
    assert seeded.date_precision == Statement.DatePrecision.UNKNOWN
    assert seeded.language == "ar"
    assert seeded.type.code == "statement"
    assert seeded.author == "متابعات"
    assert {p.name_en for p in seeded.places.all()} >= {
        "Deir ez-Zor",
        "Raqqa",
        "Hasakah",
        "Baghuz",
    }
    named = {a.name_en for a in seeded.actors.all()}
    assert named >= {"Turkish government", "Islamic State"}


def test_seed_import_twice_creates_nothing_new(seeded):
    call_command("load_gazetteer", verbosity=0)
    call_command("import_statements", str(SEED.parent), verbosity=0)
    assert Statement.objects.count() == 1
    assert (
        Actor.objects.filter(name_ar="القيادة العامة لقوات سوريا الديمقراطية").count()
        == 1
    )


def test_seed_statement_page_is_served(seeded, client):
    response = client.get(seeded.get_absolute_url())
    assert response.status_code == 200
    assert "القيادة العامة لقوات سوريا الديمقراطية" in response.content.decode()
