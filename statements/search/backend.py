"""Writing the index: haystack's Whoosh backend with the archive's schema, in batches.

Haystack's own Whoosh backend hard-codes an English ``StemmingAnalyzer``, which
splits Arabic words at every diacritic; this one builds the schema from the
archive's analyzers (``analyzers.py``) and kinds of field (``fields.py``).
Writes come in batches, each through one ordinary writer that waits for
another process's lock: ``apply`` (added, updated, removed) and
``replace_all`` (the whole index in one commit), analysed in two processes
from ``PARALLEL_BATCH`` documents on. ``indexing/`` calls them, and reads
the index through ``indexed_among``, ``stored_digests``, ``document_count``
and ``schema_problem``.
"""

import pickle
from pathlib import Path

from haystack import connections
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import fields as wf
from whoosh.writing import CLEAR, NO_MERGE

from .analyzers import ArabicAnalyzer, ArabicExactAnalyzer
from .fields import ArabicTextField, DigestField, KeywordField
from .health import INDEX_NAME, UNREADABLE
from .merging import merge_tiers

# How long a writer waits for another process's index lock before failing.
WRITER_TIMEOUT_SECONDS = 120
# Memory for a writer's posting pool before it spills to temporary files: a
# spilled pool is read back one posting at a time (a 10,000-record batch was
# half again as slow at 256 MB than at 1,024), but each of the two writers
# took 1.4 GB at 1,024 MB; see DRAIN_BATCH in indexing/outbox.py.
WRITER_LIMIT_MB = 160
# From this many new documents on, a batch is analysed in two processes.
PARALLEL_BATCH = 2000


def identifier(statement_id: int) -> str:
    """The id of a statement's document: haystack's ``app.model.pk``."""
    return f"statements.statement.{statement_id}"


def schema_field(field) -> wf.FieldType:
    """The Whoosh field for one haystack field of ``StatementIndex``."""
    if isinstance(field, ArabicTextField):
        analyzer = (
            ArabicExactAnalyzer() if field.analysis == "exact" else ArabicAnalyzer()
        )
        return wf.TEXT(
            analyzer=analyzer, field_boost=field.boost, phrase=field.positions
        )
    if isinstance(field, DigestField):
        return wf.STORED()
    if isinstance(field, KeywordField):
        return wf.KEYWORD(stored=True, commas=True, scorable=False)
    if field.field_type in {"date", "datetime"}:
        return wf.DATETIME(stored=True, sortable=True)
    if field.field_type == "integer":
        return wf.NUMERIC(stored=True, numtype=int, sortable=True)
    raise TypeError(
        f"the search index has no Whoosh mapping for field {field.index_fieldname!r}"
    )


class ArabicWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        schema_fields = {
            "id": wf.ID(stored=True, unique=True),
            "django_ct": wf.ID(stored=True),
            "django_id": wf.ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            schema_fields[field.index_fieldname] = schema_field(field)
            if field.document:
                content_field_name = field.index_fieldname
        return content_field_name, wf.Schema(**schema_fields)

    def writer(self, procs: int = 1):
        """One writer that waits for another process's lock instead of failing.

        With ``procs`` > 1, Whoosh analyses documents in that many processes,
        each writing a segment of its own (merged later by ordinary commits).

        Segments are written as separate files, not one compound file: Whoosh
        opens a compound file's parts by copying them into memory, so every
        process that searched held a copy of the posting lists (726 MB at
        315,000 statements).
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        settings = {"limitmb": WRITER_LIMIT_MB, "compound": False}
        if procs > 1:
            return self.index.writer(
                timeout=WRITER_TIMEOUT_SECONDS,
                procs=procs,
                multisegment=True,
                subargs=settings,
                **settings,
            )
        return self.index.writer(timeout=WRITER_TIMEOUT_SECONDS, **settings)

    def document(self, index, obj) -> dict | None:
        """The Whoosh document for ``obj``, or None when the index skips it."""
        try:
            prepared = index.full_prepare(obj)
        except SkipDocument:
            return None
        prepared.pop("boost", None)
        # Whoosh wants a missing field, not the string "None", for an unknown date.
        return {k: self._from_python(v) for k, v in prepared.items() if v is not None}

    def apply(self, index, added=(), updated=(), removed=(), procs: int = 1) -> None:
        """Write one batch with one writer: new objects, changed objects, removed ids.

        ``added`` must not be in the index yet (no delete needed, which is what
        makes bulk imports fast); ``removed`` holds haystack identifiers
        (``statements.statement.42``).
        """
        writer = self.writer(procs)
        self._write(writer, index, added, updated, removed)
        writer.commit(mergetype=merge_tiers)

    def replace_all(self, index, objects, procs: int = 1) -> None:
        """Make ``objects`` the whole index, in one commit.

        Until that commit, searches read the old index, and the index version
        goes on increasing: a searcher kept by another process sees that it is
        out of date (a deleted and recreated index could start at the very
        version it has).
        """
        # Whoosh's parallel sub-writers read the schema from disk: a commit of
        # nothing writes the code's schema there, with any field it added (and
        # merges nothing: those segments are about to be replaced).
        try:
            self.writer().commit(mergetype=NO_MERGE)
        except UNREADABLE:
            self.start_afresh()
        writer = self.writer(procs)
        self._write(writer, index, added=objects)
        writer.commit(mergetype=CLEAR)

    def start_afresh(self) -> None:
        """An empty index where the one on disk was deleted or cannot be read.

        Only for a rebuild: without a table of contents, haystack's setup
        creates a new index (the old segments' files are then cleaned up by
        Whoosh's next commits).
        """
        folder = Path(self.path)
        for toc in folder.glob(f"_{INDEX_NAME}_*.toc"):
            toc.unlink()
        self.setup_complete = False
        self.setup()

    def _write(self, writer, index, added=(), updated=(), removed=()) -> None:
        try:
            for obj in added:
                doc = self.document(index, obj)
                if doc is not None:
                    writer.add_document(**doc)
            for obj in updated:
                doc = self.document(index, obj)
                if doc is not None:
                    writer.update_document(**doc)
            for identifier in removed:
                writer.delete_by_term("id", identifier)
        except BaseException:
            writer.cancel()
            raise

    def update(self, index, iterable, commit=True):
        self.apply(index, updated=iterable)

    def remove(self, obj_or_string, commit=True):
        self.apply(None, removed=[get_identifier(obj_or_string)])


class ArabicWhooshEngine(WhooshEngine):
    backend = ArabicWhooshSearchBackend


def document_count() -> int:
    """How many documents the index holds."""
    backend = connections["default"].get_backend()
    backend.setup()
    return backend.index.refresh().doc_count()


def schema_problem() -> str:
    """Why the index on disk cannot serve the code's schema, or "" when it can."""
    backend = connections["default"].get_backend()
    try:
        backend.setup()
    except UNREADABLE as exc:
        return f"The index cannot be read ({exc!r})"
    try:
        # Opened without a schema, the index reads its own from disk (haystack
        # opens it with the code's schema).
        on_disk = set(backend.storage.open_index().schema.names())
    except (ImportError, AttributeError, pickle.UnpicklingError) as exc:
        # Its analyzers are named by module and class, which have moved.
        return f"The index was written by another version of the code ({exc})"
    missing = set(backend.schema.names()) - on_disk
    if missing:
        return f"The index lacks the fields {', '.join(sorted(missing))}"
    return ""


def indexed_among(statement_ids: set[int]) -> set[int]:
    """The statements among these that may have a document in the index.

    A term outlives its deleted document until segments merge, so this may
    answer yes for a removed one (then updated: harmless), never no for a
    present one (then added twice).
    """
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    with backend.index.refresh().reader() as reader:
        return {pk for pk in statement_ids if ("id", identifier(pk)) in reader}


def stored_digests() -> list[tuple[int, str]]:
    """(statement id, stored digest) of every document in the index."""
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    with backend.index.refresh().reader() as reader:
        return [
            (int(fields["django_id"]), fields.get("digest", ""))
            for fields in reader.all_stored_fields()
        ]
