"""The gazetteer: the shipped file loads, reloads change nothing, spellings resolve."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from statements.ingest import load_gazetteer
from statements.models import Actor, ActorAlias, GazetteerLoad, Place, PlaceAlias
from tests.archive_database import archive_database
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def write_gazetteer(tmp_path, places=(), actors=()):
    path = tmp_path / "gazetteer.json"
    data = {"places": list(places), "actors": list(actors)}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def entry(name_en, name_ar="", kind="other", parent=None, aliases=()):
    return {
        "name_en": name_en,
        "name_ar": name_ar,
        "kind": kind,
        "parent": parent,
        "aliases": list(aliases),
    }


SDF = entry(
    "Syrian Democratic Forces",
    "قوات سوريا الديمقراطية",
    "armed_group",
    None,
    ["SDF", "قسد"],
)


def counts():
    return (
        Place.objects.count(),
        Actor.objects.count(),
        PlaceAlias.objects.count(),
        ActorAlias.objects.count(),
    )


@pytest.fixture(scope="class")
def shipped(django_db_setup, django_db_blocker):
    """The shipped gazetteer, loaded once for a class of tests and rolled back after.

    Each test still runs in its own savepoint (the ``db`` fixture), so a test that
    writes leaves the next one the gazetteer as loaded.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_gazetteer()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("shipped")
class TestShippedGazetteer:
    def test_creates_at_least_150_places_and_actors(self, shipped):
        assert shipped.created >= 150
        assert Place.objects.count() + Actor.objects.count() == shipped.created

    def test_has_syria_s_fourteen_governorates(self):
        governorates = Place.objects.filter(
            kind=Place.Kind.GOVERNORATE, parent__name_en="Syria"
        )
        assert governorates.count() == 14

    def test_loading_twice_changes_nothing_the_second_time(self, shipped):
        before = counts()
        again = load_gazetteer()
        assert (again.created, again.updated, again.unchanged) == (
            0,
            0,
            shipped.created,
        )
        assert counts() == before

    @pytest.mark.parametrize(
        ("model", "spellings"),
        [
            (
                Actor,
                ["قسد", "SDF", "Syrian Democratic Forces", "قوات سورية الديمقراطية"],
            ),
            (
                Actor,
                ["داعش", "Daesh", "ISIS", "تنظيم الدولة", "الدولة الاسلامية", "isil"],
            ),
            (
                Actor,
                [
                    "Global Coalition against Daesh",
                    "التحالف الدولي",
                    "Coalition forces",
                ],
            ),
            (Place, ["Raqqa", "الرقة", "Raqqah", "Ar-Raqqah", "al raqqa"]),
            (
                Place,
                ["Deir ez-Zor", "Deir Ezzor", "دير الزور", "ديرالزور", "Deir al-Zor"],
            ),
            (Place, ["Kobani", "Kobane", "Ayn al-Arab", "عين العرب", "كوباني"]),
        ],
    )
    def test_every_spelling_resolves_to_the_same_record(self, model, spellings):
        found = {name: list(model.objects.by_alias(name)) for name in spellings}
        assert all(len(records) == 1 for records in found.values()), found
        assert len({records[0].pk for records in found.values()}) == 1

    def test_query_without_hamza_finds_hamza_form(self):
        idlib = Place.objects.by_alias("ادلب").get()
        assert (idlib.name_en, idlib.name_ar) == ("Idlib", "إدلب")

    def test_city_and_governorate_of_the_same_name_stay_apart(self):
        raqqa = Place.objects.by_alias("الرقة").get()
        assert raqqa.kind == Place.Kind.CITY
        assert raqqa.parent == Place.objects.by_alias("محافظة الرقة").get()

    def test_sdf_general_command_is_part_of_the_sdf(self):
        command = Actor.objects.by_alias("القيادة العامة لقوات سوريا الديمقراطية").get()
        assert command.name_en == "General Command of the Syrian Democratic Forces"
        assert command.parent == Actor.objects.by_alias("قسد").get()


def test_curator_alias_and_edits_survive_a_reload(tmp_path):
    path = write_gazetteer(tmp_path, actors=[SDF])
    load_gazetteer(path)
    sdf = Actor.objects.get(name_en="Syrian Democratic Forces")
    sdf.aliases.create(name="قوات سوريا الديموقراطية")
    sdf.name_ar = "قوات سوريا الديموقراطية"
    sdf.save()
    result = load_gazetteer(path)
    sdf.refresh_from_db()
    assert result.unchanged == 1
    assert sdf.name_ar == "قوات سوريا الديموقراطية"
    assert Actor.objects.by_alias("قوات سوريا الديموقراطية").get() == sdf


def test_record_made_by_a_curator_is_found_by_alias_and_completed(tmp_path):
    curated = make_actor(name_ar="قسد")
    result = load_gazetteer(write_gazetteer(tmp_path, actors=[SDF]))
    curated.refresh_from_db()
    assert (result.created, result.updated) == (0, 1)
    assert Actor.objects.count() == 1
    assert curated.name_en == "Syrian Democratic Forces"
    assert curated.kind == Actor.Kind.ARMED_GROUP
    assert Actor.objects.by_alias("SDF").get() == curated


def test_parent_may_come_after_its_child_in_the_file(tmp_path):
    city = entry("Qamishli", "القامشلي", "city", "Hasakah Governorate")
    governorate = entry("Hasakah Governorate", "محافظة الحسكة", "governorate")
    load_gazetteer(write_gazetteer(tmp_path, places=[city, governorate]))
    assert Place.objects.get(name_en="Qamishli").parent.name_en == "Hasakah Governorate"


def test_malformed_kind_names_the_entry_and_writes_nothing(tmp_path):
    bad = entry("Raqqa", "الرقة", "town")
    path = write_gazetteer(tmp_path, places=[entry("Syria", "سوريا", "country"), bad])
    message = (
        r"gazetteer entry 2 \(name_en='Raqqa'\): 'kind' must be one of country, region"
    )
    with pytest.raises(ValueError, match=message):
        load_gazetteer(path)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            {"parent": "Nowhere"},
            r"entry 1 \(name_en='Raqqa'\): 'parent' must be the name_en",
        ),
        (
            {"aliases": "Raqqah"},
            r"entry 1 \(name_en='Raqqa'\): 'aliases' must be a list",
        ),
        (
            {"name_en": "", "name_ar": ""},
            r"entry 1 \(name_en=''\): 'name_en' must not be empty",
        ),
        ({"alias": ["Raqqah"]}, r"entry 1 \(name_en='Raqqa'\): unknown field 'alias'"),
    ],
)
def test_malformed_entry_gives_an_error_naming_it(tmp_path, broken, message):
    path = write_gazetteer(
        tmp_path, places=[{**entry("Raqqa", "الرقة", "city"), **broken}]
    )
    with pytest.raises(ValueError, match=message):
        load_gazetteer(path)


def test_file_that_is_not_json_names_the_file(tmp_path):
    path = tmp_path / "gazetteer.json"
    path.write_text('{"places": [', encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"gazetteer\.json: not a valid UTF-8 JSON file"
    ):
        load_gazetteer(path)


def test_command_reports_counts(tmp_path):
    out = StringIO()
    call_command(
        "load_gazetteer", str(write_gazetteer(tmp_path, actors=[SDF])), stdout=out
    )
    assert "1 created, 0 updated, 0 unchanged" in out.getvalue()


def test_command_turns_a_malformed_file_into_a_command_error(tmp_path):
    path = write_gazetteer(tmp_path, actors=[{**SDF, "kind": "militia"}])
    with pytest.raises(CommandError, match="'kind' must be one of armed_group"):
        call_command("load_gazetteer", str(path))


# Loaded by ``migrate``: every archive has the aliases, however it was set up.


def test_migrate_loads_the_shipped_gazetteer_once_per_version(settings):
    settings.ARCHIVE_GAZETTEER_ON_MIGRATE = True
    call_command("migrate", verbosity=0)
    assert Actor.objects.by_alias("SDF").get().name_en == "Syrian Democratic Forces"
    assert Place.objects.by_alias("Raqqa").exists()
    assert GazetteerLoad.objects.count() == 1
    # A curator deletes a spelling and renames the actor: the next deployment's
    # migrate keeps both changes.
    sdf = Actor.objects.by_alias("SDF").get()
    sdf.aliases.filter(name="QSD").delete()
    Actor.objects.filter(pk=sdf.pk).update(name_ar="قوات سوريا الديمقراطية (قسد)")
    before = counts()
    call_command("migrate", verbosity=0)
    assert counts() == before
    assert not Actor.objects.by_alias("QSD").exists()
    assert Actor.objects.get(pk=sdf.pk).name_ar == "قوات سوريا الديمقراطية (قسد)"


def test_migrate_loads_a_new_version_of_the_gazetteer(settings):
    """A version already loaded by hand (load_gazetteer) is not loaded again by
    migrate; a shipped file that changed is (it only adds)."""
    settings.ARCHIVE_GAZETTEER_ON_MIGRATE = True
    load_gazetteer()
    GazetteerLoad.objects.update(sha256="0" * 64)  # as if an older file was loaded
    ActorAlias.objects.filter(name="QSD").delete()
    call_command("migrate", verbosity=0)
    assert Actor.objects.by_alias("QSD").exists()
    assert GazetteerLoad.objects.count() == 2


def test_migrate_leaves_the_gazetteer_alone_when_the_setting_is_off(settings):
    settings.ARCHIVE_GAZETTEER_ON_MIGRATE = False
    call_command("migrate", verbosity=0)
    assert counts() == (0, 0, 0, 0)


def test_an_archive_set_up_with_migrate_and_import_alone_finds_by_alias(tmp_path):
    """The README's import section: ``migrate``, then ``import_statements``; the
    seed's issuer is the SDF's General Command, found by the SDF's names."""
    with archive_database(tmp_path) as archive:
        set_up_and_search(archive)


def set_up_and_search(archive):
    """Through ``manage.py`` processes, on the archive's own database."""
    env = {
        **os.environ,
        **archive.environment(),
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
    }

    def manage(*args) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Gazetteer loaded" in manage("migrate")
    manage("import_statements", "seeds", "--status", "published")
    issuer = "القيادة العامة لقوات سوريا الديمقراطية"
    for query in ("SDF", "Syrian Democratic Forces", "قسد"):
        found = json.loads(manage("search_statements", query, "--json"))
        assert [hit["issuer"] for hit in found["results"]] == [issuer], query


def test_an_entry_with_only_an_arabic_name_loads_and_is_named_by_it(tmp_path):
    council = entry("", "مجلس دير الزور العسكري", "armed_group", None, ["MDM"])
    unit = entry("", "كتيبة الشعيطات", "armed_group", "مجلس دير الزور العسكري")
    load_gazetteer(write_gazetteer(tmp_path, actors=[unit, council]))
    child = Actor.objects.by_alias("كتيبة الشعيطات").get()
    assert (child.name_ar, child.name_en) == ("كتيبة الشعيطات", "")
    assert child.parent == Actor.objects.by_alias("MDM").get()
    assert child.parent.name_ar == "مجلس دير الزور العسكري"
    # Loaded again: found by its Arabic name, nothing added.
    assert (
        load_gazetteer(write_gazetteer(tmp_path, actors=[unit, council])).created == 0
    )
