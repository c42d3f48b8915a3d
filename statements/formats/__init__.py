"""A statement in other forms: citations (BibTeX, RIS, CSL-JSON) and a PDF.

Pure functions of a statement (and the URL it is cited at)::

    from statements.formats import bibtex, statement_pdf
    text = bibtex(statement, url, accessed)
    pdf_bytes = statement_pdf(statement, url)
"""

from .citation import (
    Outside,
    bibtex,
    citation_pieces,
    csl_json,
    formatted_citation,
    ris,
)
from .pdf import statement_pdf

__all__ = [
    "Outside",
    "bibtex",
    "citation_pieces",
    "csl_json",
    "formatted_citation",
    "ris",
    "statement_pdf",
]
