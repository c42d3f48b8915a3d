"""The statements' original bytes, kept once each under their SHA-256.

What the SHA-256 on a statement page is taken of: a ``.txt`` file's own bytes
(its title line, line ends and encoding included), a JSON Lines, JSON or CSV
record's body in UTF-8, a body typed in the admin in UTF-8. They are kept
through Django's storage API, alias ``"originals"`` (``settings.STORAGES``: a
folder, ``DATA_DIR/originals``, by default; a folder or storage every web
node reads when there are several), at a path made of the hash::

    keep_original(data, sha256)     # Kept.STORED, PRESENT, or NOT_ORIGINAL
    stored_original(statement)      # StoredOriginal(size, content_type, …) or None
    received_text(original)         # (title, body) as received, to compare

Content-addressed, so the same bytes are never stored twice, and a file is
only ever the right bytes for its name: an import's rollback may leave a file
behind (it is written inside the transaction), which is harmless — the next
import of it, or any statement with that SHA-256, finds it there.
"""

import enum
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils import translation

from ..models import Receipt, Statement, sha256_hex
from .readers import split_txt

ALIAS = "originals"
# The charset an original's bytes are served with, by the encoding the
# importer found (``encodings.file_encoding``): never a re-encoding.
CHARSETS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16",
    "cp1256": "windows-1256",
}


class Kept(enum.Enum):
    STORED = "stored now"
    PRESENT = "already stored"
    # The bytes do not hash to the statement's SHA-256 (a dump's record that
    # gives the hash of an original it does not hold): nothing is stored.
    NOT_ORIGINAL = "not the original"


class OriginalNotStored(OSError):
    """The storage did not keep the bytes intact (their hash differs once written)."""


@dataclass(frozen=True)
class StoredOriginal:
    """A statement's original as stored: where (``name`` in the storage), how
    big, how it is served, and as the latest receipt of these bytes says it
    came (format, encoding, title: "" when no receipt says)."""

    sha256: str
    name: str
    size: int
    content_type: str
    url: str
    download_name: str
    format: str
    encoding: str
    received_title: str


def originals() -> Storage:
    return storages[ALIAS]


def original_name(sha256: str) -> str:
    """``ab/cd/abcd…``: two levels of folders keep each folder small."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def stored_hash(storage: Storage, name: str) -> str:
    with storage.open(name, "rb") as stored:
        return hashlib.file_digest(stored, "sha256").hexdigest()


def keep_original(data: bytes, sha256: str) -> Kept:
    """Store ``data`` under ``sha256`` unless it is there, intact, already."""
    if sha256_hex(data) != sha256:
        return Kept.NOT_ORIGINAL
    storage, name = originals(), original_name(sha256)
    if storage.exists(name):
        if stored_hash(storage, name) == sha256:
            return Kept.PRESENT
        storage.delete(name)  # a write cut short: written again below
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Another process stored the same bytes in between: one copy is enough.
        storage.delete(saved)
    if stored_hash(storage, name) != sha256:
        raise OriginalNotStored(
            f"the original {name} reads back with another SHA-256: "
            "check the 'originals' storage (disk full, or a shared folder "
            "unmounted), then import the file again"
        )
    return Kept.STORED


def stored_original(statement: Statement) -> StoredOriginal | None:
    """The statement's stored original, or None when it was not kept (statements
    archived before originals were, or imported from a dump without them)."""
    storage, name = originals(), original_name(statement.sha256)
    if not statement.sha256 or not storage.exists(name):
        return None
    # The latest receipt of these bytes: the few there are, sorted here (the
    # database would sort them in a temporary B-tree).
    receipt = max(
        Receipt.objects.filter(sha256=statement.sha256).order_by(),
        key=lambda r: (r.received_at, r.pk),
        default=None,
    )
    receipt = receipt or Receipt()
    return StoredOriginal(
        sha256=statement.sha256,
        name=name,
        size=storage.size(name),
        content_type=content_type(receipt.encoding),
        url=original_url(statement),
        download_name=f"statement-{statement.pk}-original.txt",
        format=receipt.format,
        encoding=receipt.encoding,
        received_title=receipt.title,
    )


def original_url(statement: Statement) -> str:
    """The original's path, the same whatever the interface language (the
    bytes are): the default language's, without a prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("statements:original", args=[statement.pk])


def content_type(encoding: str) -> str:
    """Text in the charset it came in; bytes of an unknown encoding as bytes."""
    charset = CHARSETS.get(encoding)
    return f"text/plain; charset={charset}" if charset else "application/octet-stream"


def read_original(original: StoredOriginal) -> bytes:
    with originals().open(original.name, "rb") as stored:
        return stored.read()


def received_text(original: StoredOriginal) -> tuple[str, str] | None:
    """The title and body as the importer read them from the original (a .txt
    file's body is what follows its title line), or None if unknown."""
    if original.encoding not in CHARSETS:
        return None
    text = read_original(original).decode(original.encoding)
    if original.format == ".txt":
        split = split_txt(text)
        text = split[2] if split else ""
    return original.received_title, text
