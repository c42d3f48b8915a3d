"""The curators' roles as Django groups: editors, reviewers, administrators.

Editors write drafts and send them to review; reviewers also publish and
retract; administrators may do everything with the archive's records and
users. The permissions are created first: on a new database Django makes them
only after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VOCABULARY = ["actor", "actoralias", "place", "placealias", "tag", "statementtype"]
HISTORY = ["historicalstatement", "historicalactor", "historicalplace"]


def codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


EDITORS = (
    codenames(["add", "change", "view"], ["statement", *VOCABULARY])
    + codenames(["view"], HISTORY)
)
REVIEWERS = EDITORS + ["publish_statement", "retract_statement"]
ROLES = {
    "editors": EDITORS,
    "reviewers": REVIEWERS,
    "administrators": REVIEWERS
    + codenames(["delete"], ["statement", *VOCABULARY])
    + codenames(["add", "change", "delete", "view"], ["user", "group"])
    + codenames(["change", "delete"], HISTORY),
}


def add_roles(apps, schema_editor):
    for config in apps.get_app_configs():
        # create_permissions skips app configs without a models module, which
        # those of the migration state are.
        previous = getattr(config, "models_module", None)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(codename__in=wanted)
        missing = set(wanted) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0004_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(add_roles, remove_roles)]
