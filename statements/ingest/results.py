"""What an import reports, file by file: created, updated, unchanged, failed, alike.

summary = import_paths([Path("seeds")])
print(summary.created, summary.updated, summary.unchanged, summary.failed)
for duplicate in summary.duplicates:
    print(duplicate)  # "file.jsonl:12: near-duplicate of statement 7 (97%); …"
"""

from dataclasses import dataclass, field
from pathlib import Path

from ..curation.duplicates import Match
from ..models import Statement
from .readers import RecordError


class ImportStopped(Exception):
    """Writing failed (a full disk, a database that refuses writes): the import
    stops at this file. ``stored`` says whether the file's transaction had
    committed (only its indexing failed) or was rolled back."""

    def __init__(self, path: Path, cause: Exception, stored: bool):
        self.path, self.cause, self.stored = path, cause, stored
        if stored:
            what = (
                "Its statements were stored, but not yet indexed: once the "
                "cause is fixed, run `manage.py ensure_index`"
            )
        else:
            what = (
                "Nothing of this file was stored (files before it were): once "
                "the cause is fixed (a full disk? another writer on the same "
                "statements?), run the same import "
                "again; what is already stored is matched, not doubled"
            )
        super().__init__(f"The import stopped at {path}: {cause}. {what}.")


@dataclass
class NearDuplicate:
    """A new statement whose text nearly matches others: in the archive
    (``archived``) or earlier in the same file (``earlier``: line and match)."""

    path: Path
    line: int
    statement: Statement
    archived: list[Match]
    earlier: list[tuple[int, Match]]

    def __str__(self) -> str:
        found = [
            f"statement {m.statement.pk} ({m.similarity:.0%})" for m in self.archived
        ] + [f"line {line} ({m.similarity:.0%})" for line, m in self.earlier]
        return (
            f"{self.path}:{self.line}: near-duplicate of {', '.join(found)}; "
            "linked as a republication"
        )

    def statements(self) -> list[Statement]:
        return [m.statement for m in self.archived] + [
            m.statement for _, m in self.earlier
        ]


@dataclass
class FileResult:
    path: Path
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RecordError | str] = field(default_factory=list)
    duplicates: list[NearDuplicate] = field(default_factory=list)


@dataclass
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(len(f.created) for f in self.files)

    @property
    def updated(self) -> int:
        return sum(len(f.updated) for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def failed(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def errors(self) -> list[RecordError | str]:
        return [e for f in self.files for e in f.errors]

    @property
    def duplicates(self) -> list[NearDuplicate]:
        return [d for f in self.files for d in f.duplicates]
