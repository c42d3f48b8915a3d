"""A search for an actor's name puts the actor's own statements first.

The seed (issued by the SDF's General Command, a part of the SDF) among 400
news items that say «قوات سوريا الديمقراطية» more often and in shorter texts:
by words alone it ranks far down; by the actor it ranks first, then the
statements tagged with the SDF, then the others.
"""

import json

import pytest
from django.core.management import call_command

from statements.models import Statement
from statements.search import SearchRequest, search
from tests.factories import indexed, make_actor, make_statement

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = "seeds"
OTHERS = 400
TAGGED = 30  # of the others, tagged with the SDF as an actor
SEED_ISSUER = "القيادة العامة لقوات سوريا الديمقراطية"
# Words that make each item's text its own (not near-duplicates of each other).
WORDS = [
    "حواجز",
    "دوريات",
    "سيارات",
    "مدنيين",
    "طريق",
    "جسر",
    "مدرسة",
    "مستشفى",
    "سوق",
    "قرية",
    "نهر",
    "معبر",
    "مخيم",
    "بئر",
    "صوامع",
    "محطة",
    "ملعب",
    "مسجد",
]


def other_statements(path) -> None:
    """Short news items about the SDF, by a news agency, as an import file."""
    towns = ["منبج", "الطبقة", "عين عيسى", "تل تمر", "الشدادي", "هجين"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(OTHERS):
            town = towns[n % len(towns)]
            words = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(12))
            record = {
                "external_id": f"news-{n}",
                "title": f"قوات سوريا الديمقراطية في {town}: تقرير رقم {n}",
                "body": (
                    f"قال مراسل الوكالة إن قوات سوريا الديمقراطية انتشرت في {town}. "
                    f"وأضاف أن قوات سوريا الديمقراطية {words}."
                ),
                "issuer": "وكالة الأنباء المحلية",
                "date": f"20{10 + n % 14}-0{1 + n % 9}-1{n % 10}",
                "type": "news_report",
                "actors": ["قوات سوريا الديمقراطية"] if n < TAGGED else [],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.fixture
def archive(tmp_path):
    call_command("load_gazetteer", verbosity=0)
    call_command("import_statements", SEEDS, verbosity=0)
    other_statements(tmp_path / "news.jsonl")
    call_command("import_statements", str(tmp_path / "news.jsonl"), verbosity=0)
    assert Statement.objects.count() == OTHERS + 1
    return Statement.objects.get(issuer__name_ar=SEED_ISSUER)


def ranked(q: str, **options) -> list[Statement]:
    hits = search(SearchRequest(q=q, page_size=100, **options)).hits
    return [hit.statement for hit in hits]


def rank(statement, q: str, **options) -> int:
    found = ranked(q, **options)
    return found.index(statement) + 1 if statement in found else 0


# One archive for every check: building it is most of the time.
def test_an_actors_own_statements_come_first_then_those_about_it(archive):
    # By words alone the news rank first (what the checks below could fail on).
    assert rank(archive, "قوات سوريا الديمقراطية", aliases=False) not in range(1, 21)
    for q in (
        '"قوات سوريا الديمقراطية"',
        "«قوات سوريا الديمقراطية»",
        "قوات سوريا الديمقراطية",
        "قوات سورية الديمقراطية",
        "SDF",
        "قسد",
        "Syrian Democratic Forces",
    ):
        assert rank(archive, q) == 1, q
    # Then the statements about the SDF (tagged with it), then the others.
    tagged = [
        statement.actors.filter(name_en="Syrian Democratic Forces").exists()
        for statement in ranked("قوات سوريا الديمقراطية")[1:40]
    ]
    assert tagged == [True] * TAGGED + [False] * (39 - TAGGED)
    # With other words, the name is one word among others: no statement first.
    response = search(SearchRequest(q="قسد منبج", page_size=100))
    assert archive not in [hit.statement for hit in response.hits]
    assert response.count == OTHERS // 6 + 1  # منبج: every sixth, and the 0th


@pytest.mark.django_db
def test_a_name_that_is_also_a_word_ranks_only_when_searched_alone():
    """العربية is Al Arabiya, and an adjective: «الجامعة العربية» is not a
    search for the channel's statements."""
    channel = make_actor("العربية", "Al Arabiya")
    by_channel, by_other = indexed(
        make_statement(
            title="أخبار اليوم",
            body="اجتماع في القاهرة. " * 20 + "وقالت الجامعة العربية إنها ترحب.",
            issuer=channel,
        ),
        make_statement(title="الجامعة العربية تجتمع", body="الجامعة العربية تجتمع."),
    )
    assert ranked("الجامعة العربية") == [by_other, by_channel]
    assert ranked("العربية") == [by_channel, by_other]
