"""Small factories for tests: data made in the test, not in opaque fixtures."""

import itertools

from statements.models import Actor, ActorAlias, Statement, StatementType

_counter = itertools.count(1)


def make_actor(name_ar: str = "", name_en: str = "", aliases=(), **fields) -> Actor:
    actor = Actor.objects.create(name_ar=name_ar, name_en=name_en, **fields)
    for alias in {name_ar, name_en, *aliases} - {""}:
        ActorAlias.objects.create(actor=actor, name=alias)
    return actor


def make_statement(body: str = "نص البيان", **fields) -> Statement:
    n = next(_counter)
    fields.setdefault("title", f"بيان رقم {n}")
    fields.setdefault("status", Statement.Status.PUBLISHED)
    if "type" not in fields:
        fields["type"], _ = StatementType.objects.get_or_create(code="statement")
    return Statement.objects.create(body=body, **fields)


def indexed(*statements: Statement) -> list[Statement]:
    """Send statements to the search index now, as a commit would."""
    from statements.indexing import index_statements

    index_statements([s.pk for s in statements])
    return list(statements)


def make_user(username: str, role: str = "", **fields):
    """A staff user in one of the curators' groups (editors, reviewers,
    administrators), made by the roles migration; ``role=""`` for none."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pw", is_staff=True, **fields)
    if role:
        if not Group.objects.filter(name=role).exists():
            _make_roles()  # a transactional test before this one flushed them
        user.groups.add(Group.objects.get(name=role))
    return user


def _make_roles() -> None:
    from importlib import import_module

    from django.apps import apps

    import_module("statements.migrations.0005_curation_roles").add_roles(apps, None)
