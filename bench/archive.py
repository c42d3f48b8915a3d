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
