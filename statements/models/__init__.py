"""The archive's records: statements, the actors who issue them, places and tags.

The database is the source of truth; the search index is rebuilt from it.
``statement`` holds statements with their signature bands and words,
``index_log`` the log that every node's search index follows, ``vocabulary``
the actors, places, tags and statement types, ``changes`` the public change
log that mirrors and harvesters follow, ``provenance`` the receipts of the
original bytes.
"""

from .changes import PublicChange, record_changes, settled_until
from .index_log import IndexNode, IndexTask
from .provenance import Receipt
from .statement import (
    CHUNK,
    RELATIONS,
    SignatureBand,
    Statement,
    StatementQuerySet,
    StatementWords,
    normalized_fingerprint,
    saves_text,
    sha256_hex,
    statement_history,
    text_fingerprint,
)
from .vocabulary import (
    Actor,
    ActorAlias,
    GazetteerLoad,
    Place,
    PlaceAlias,
    StatementType,
    Tag,
    in_interface_language,
)

__all__ = [
    "CHUNK",
    "RELATIONS",
    "Actor",
    "ActorAlias",
    "GazetteerLoad",
    "IndexNode",
    "IndexTask",
    "Place",
    "PlaceAlias",
    "PublicChange",
    "Receipt",
    "SignatureBand",
    "Statement",
    "StatementQuerySet",
    "StatementType",
    "StatementWords",
    "Tag",
    "in_interface_language",
    "normalized_fingerprint",
    "record_changes",
    "saves_text",
    "settled_until",
    "sha256_hex",
    "statement_history",
    "text_fingerprint",
]
