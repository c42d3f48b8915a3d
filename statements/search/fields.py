"""The kinds of field a search document has, for ``search_indexes.StatementIndex``.

Haystack fields that say how the engine should hold them: ``ArabicTextField``
(analysed by the archive's Arabic analysis, stemmed or exact), ``KeywordField``
(identifiers to filter and count facets on) and ``DigestField`` (stored only);
``backend.schema_field`` maps each to a Whoosh field. ``document_digest`` is
the fingerprint ``check_index`` compares.
"""

import hashlib
import json

from haystack import indexes


class ArabicTextField(indexes.CharField):
    """A full-text field analysed by ``statements.arabic``, ``stemmed`` or ``exact``."""

    def __init__(self, analysis: str = "stemmed", positions: bool = False, **kwargs):
        if analysis not in {"stemmed", "exact"}:
            raise ValueError(f"analysis must be 'stemmed' or 'exact', got {analysis!r}")
        self.analysis = analysis
        # Positions make phrase queries possible, at a cost in index size and time.
        self.positions = positions
        super().__init__(**kwargs)


class KeywordField(indexes.MultiValueField):
    """Identifiers to filter and count facets on (stored, not analysed)."""


class DigestField(indexes.CharField):
    """Stored, never searched: a fingerprint of the rest of the document."""


def document_digest(prepared: dict) -> str:
    """A hash of a prepared document, its own ``digest`` left out.

    Keyword lists are sets to the index, so their order does not count.
    """
    content = {
        name: sorted(value) if isinstance(value, list) else value
        for name, value in prepared.items()
        if name != "digest"
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:32]
