"""One process of the concurrency tests (tests/test_concurrency.py).

    ARCHIVE_DATA_DIR=DIR DJANGO_SETTINGS_MODULE=archive.settings.dev \\
        python -m tests.outbox_worker ROLE DIR [ARGS …]

Every title a worker writes holds a marker word (``zq…``) written nowhere
else, so the test can tell which version of a title the index holds. Workers
started together wait at a barrier (``DIR/go``) so that they really overlap.
"""

import logging
import os
import random
import sys
import time
from pathlib import Path

STATUSES = ("published", "published", "retracted", "draft", "review")


def wait_for_start(folder: Path, name: str) -> None:
    """Say this worker is ready, then wait for the test to say go."""
    (folder / "ready").mkdir(exist_ok=True)
    (folder / "ready" / name).touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            sys.exit(f"{name}: no go after 60 s")
        time.sleep(0.02)


def pick(rng: random.Random):
    """A random statement, read inside the caller's transaction (None if none)."""
    from statements.models import Statement

    pks = list(Statement.objects.values_list("pk", flat=True))
    return Statement.objects.filter(pk=rng.choice(pks)).first() if pks else None


def setup(folder: Path, *files: str) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_statements", *files, verbosity=0)


def editor(folder: Path, number: str, count: str) -> None:
    """Edits titles and bodies, relinks tags, renames actors and adds aliases."""
    from django.db import transaction

    from statements.models import Actor, Tag

    rng = random.Random(f"editor{number}")
    tags = list(Tag.objects.values_list("pk", flat=True))
    for n in range(int(count)):
        with transaction.atomic():
            statement = pick(rng)
            if statement is not None:
                statement.title = f"بيان معدل zqe{number}x{n}"
                statement.body = f"نص معدل رقم {n} عن الرقة والحسكة"
                statement.save()
                statement.tags.set(rng.sample(tags, k=min(2, len(tags))))
        if n % 5 == 0:
            actor = Actor.objects.order_by("?").first()
            actor.name_en = f"Renamed {number} {n}"
            actor.save()
            actor.aliases.create(name=f"كنية {number} {n}")


def flipper(folder: Path, count: str) -> None:
    """Publishes, retracts, drafts and sends to review."""
    from django.db import transaction

    rng = random.Random("flipper")
    for n in range(int(count)):
        with transaction.atomic():
            statement = pick(rng)
            if statement is not None:
                statement.status = STATUSES[n % len(STATUSES)]
                statement.save()


def deleter(folder: Path, count: str) -> None:
    rng = random.Random("deleter")
    for _ in range(int(count)):
        statement = pick(rng)
        if statement is not None:
            statement.delete()
        time.sleep(0.05)


def importer(folder: Path, *files: str) -> None:
    from django.core.management import call_command

    for path in files:
        call_command("import_statements", path, verbosity=0)


def retitle(marker: str, position: int) -> None:
    """Give the statement at this position (by id) a title with this marker."""
    from statements.models import Statement

    statement = Statement.objects.order_by("pk")[position]
    statement.title = f"بيان معدل {marker}"
    statement.save()


def crash(folder: Path) -> None:
    """Edits a statement and dies right after the commit, before the drain."""
    from django.db import transaction

    with transaction.atomic():
        # on_commit callbacks run in order: this one before the drain.
        transaction.on_commit(lambda: os._exit(0))
        retitle("zqcrash", 0)


def edit(folder: Path) -> None:
    """Edits a statement, in a transaction, as a web request would."""
    from django.db import transaction

    with transaction.atomic():
        retitle("zqedit", 1)


def holder(folder: Path) -> None:
    """Holds the index lock until the test writes ``DIR/release``."""
    from statements.indexing.outbox import index_lock

    with index_lock():
        (folder / "held").touch()
        while not (folder / "release").exists():
            time.sleep(0.02)


ROLES = {
    "setup": setup,
    "editor": editor,
    "flipper": flipper,
    "deleter": deleter,
    "importer": importer,
    "crash": crash,
    "edit": edit,
    "holder": holder,
}


def main() -> None:
    import django

    role, folder, *args = sys.argv[1:]
    django.setup()
    # What the drains did, for the test's summary (stdout, one line each).
    logging.basicConfig(stream=sys.stdout, format="outbox: %(message)s")
    logging.getLogger("statements.indexing.outbox").setLevel(logging.DEBUG)
    if role in {"editor", "flipper", "deleter", "importer"}:
        wait_for_start(Path(folder), f"{role}-{os.getpid()}")
    ROLES[role](Path(folder), *args)


if __name__ == "__main__":
    main()
