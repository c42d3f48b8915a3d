"""The curated vocabulary of statement types, in Arabic and English."""

from django.db import migrations

TYPES = [
    ("statement", "بيان", "statement"),
    ("communique", "بلاغ", "communiqué"),
    ("press_release", "بيان صحفي", "press release"),
    ("speech", "خطاب", "speech"),
    ("interview", "مقابلة", "interview"),
    ("claim", "تبنٍّ", "claim of responsibility"),
    ("news_report", "تقرير إخباري", "news report"),
    ("other", "أخرى", "other"),
]


def add_types(apps, schema_editor):
    StatementType = apps.get_model("statements", "StatementType")
    for code, name_ar, name_en in TYPES:
        StatementType.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en}
        )


def remove_types(apps, schema_editor):
    apps.get_model("statements", "StatementType").objects.filter(
        code__in=[code for code, _, _ in TYPES], statements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]
    operations = [migrations.RunPython(add_types, remove_types)]
