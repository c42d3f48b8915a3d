"""How a benchmark runs the archive: in its own data folder, with debug off.

    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django
    start_django(folder)

Debug off because Django's debug mode keeps the SQL of every query in memory
(an import of the corpus grew by about 0.3 GB) and slows what is timed: the
figures are those of the archive as served.
"""

import os
from pathlib import Path


def archive_environment(folder: Path) -> dict[str, str]:
    """The environment variables of an archive in ``folder`` (for subprocesses)."""
    return {
        "ARCHIVE_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
        "DEBUG": "0",
        # A benchmark is one client asking for hundreds of pages a minute: the
        # per-client rate limits (statements/web/throttle.py) would answer 429.
        "ARCHIVE_RATE_LIMITS_ENABLED": "0",
    }


def start_django(folder: Path) -> None:
    """Point Django at the archive in ``folder`` and set it up."""
    os.environ.update(archive_environment(folder))
    import django

    django.setup()


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ant-v2.1.jsonl.gz"


def corpus_archive(folder: Path) -> None:
    """Migrate the archive in ``folder`` (Django started on it) and import the
    corpus into it if it holds no statement yet (a reused archive keeps its own)."""
    import time

    from django.core.management import call_command

    from statements.ingest import import_paths
    from statements.models import Statement

    call_command("migrate", verbosity=0)
    if not Statement.objects.exists():
        start = time.perf_counter()
        import_paths([CORPUS])
        print(
            f"imported the corpus in {time.perf_counter() - start:.0f} s into {folder}"
        )
