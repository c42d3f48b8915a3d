"""A small archive for browser tests: an issuer with aliases, a place, a tag, statements
in Arabic and English. Made in the test (the live server's database commits each save,
and each commit reaches the search index)."""

import datetime

from statements.models import Place, Tag
from tests.factories import make_actor, make_statement


def small_archive() -> dict:
    sdf = make_actor("قوات سوريا الديمقراطية", "Syrian Democratic Forces", ["قسد"])
    un = make_actor("الأمم المتحدة", "United Nations")
    raqqa = Place.objects.create(name_ar="الرقة", name_en="Raqqa")
    tag = Tag.objects.create(name="سجون")
    prisons = make_statement(
        "تواصل قوّاتُنا حماية سجونِ الشمال في الرقة.\nوتؤكد القيادة العامة التزامها.",
        title="بيان حول السجون",
        issuer=sdf,
        date_issued=datetime.date(2020, 5, 3),
        date_precision="day",
    )
    prisons.places.add(raqqa)
    prisons.tags.add(tag)
    ceasefire = make_statement(
        "The United Nations calls on all forces to hold the ceasefire in Raqqa.",
        title="UN call for a ceasefire",
        issuer=un,
        language="en",
        date_issued=datetime.date(2020, 6, 1),
        date_precision="month",
    )
    truce = make_statement(
        "أعلنت قوات سوريا الديمقراطية التزامها بوقف إطلاق النار.",
        title="التزام بوقف إطلاق النار",
        issuer=sdf,
        date_issued=datetime.date(2021, 1, 9),
        date_precision="day",
    )
    return {
        "sdf": sdf,
        "raqqa": raqqa,
        "prisons": prisons,
        "ceasefire": ceasefire,
        "truce": truce,
    }


def main_pages(archive: dict) -> dict[str, str]:
    """The pages the issue names, by name: home, browse, search results, statement."""
    return {
        "home": "/",
        "browse": "/statements/",
        "search": "/search/?q=قوات",
        "statement": archive["prisons"].get_absolute_url() + "?q=قوات",
        "actor": archive["sdf"].get_absolute_url(),
    }
