"""How to cite a statement: a sentence for readers, and BibTeX, RIS and CSL-JSON.

Pure functions of a statement, the URL it is cited at and the day it was read:

    >>> formatted_citation(statement, "https://archive.example/statements/12/",
    ...                    datetime.date(2026, 11, 29))
    'SDF General Command. “On the detainees”. Statement, 2020-03. ANHA.
    https://archive.example/statements/12/ (accessed 2026-11-29).'

The date is given only as precisely as it is known (2020, 2020-03 or
2020-03-15, or not at all); names and labels are in the interface language.
"""

import datetime
import json
import re

from django.utils.translation import gettext

from ..models import Statement


def citation_id(statement: Statement) -> str:
    return f"statement-{statement.pk}"


def issuer_name(statement: Statement) -> str:
    return str(statement.issuer) if statement.issuer else ""


def date_parts(statement: Statement) -> list[int]:
    """[year], [year, month] or [year, month, day] as far as known; [] if undated."""
    if statement.year is None:
        return []
    widths = {Statement.DatePrecision.YEAR: 1, Statement.DatePrecision.MONTH: 2}
    day = statement.date_issued
    return [day.year, day.month, day.day][: widths.get(statement.date_precision, 3)]


def one_line(text: str) -> str:
    """Runs of white space, line breaks included, as one space: fields are one line."""
    return " ".join(text.split())


class Outside(str):
    """A piece of a citation that comes from outside the archive (a name, a
    title, a source): a page shows it isolated (``<bdi>``), so that bidi
    controls in it cannot reorder the rest of the sentence."""


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _filled(template: str, values: dict[str, str]) -> list[str]:
    """A translated template as pieces, each value one piece (kept an
    ``Outside`` if it is one): ``"“%(title)s”"`` → ``["“", title, "”"]``."""
    parts = PLACEHOLDER.split(template)
    pieces = [values[part] if n % 2 else part for n, part in enumerate(parts)]
    return [piece for piece in pieces if piece]


def _sentence(pieces: list[str]) -> list[str]:
    text = "".join(pieces)
    return pieces if text.endswith((".", "!", "?", "؟", "…")) else [*pieces, "."]


def citation_pieces(
    statement: Statement, url: str, accessed: datetime.date
) -> list[str]:
    """The citation a reader copies, in pieces: issuer, title, type, date,
    source, URL, access. The pieces from outside are ``Outside``; joined,
    they are ``formatted_citation``."""
    date = statement.date_display or gettext("undated")
    parts = [
        [Outside(issuer_name(statement))],
        _filled(gettext("“%(title)s”"), {"title": Outside(one_line(statement.title))}),
        _filled(
            gettext("%(type)s, %(date)s"),
            {"type": Outside(statement.type), "date": date},
        ),
        [Outside(one_line(statement.source))],
        _filled(
            gettext("%(url)s (accessed %(date)s)"),
            {"url": url, "date": accessed.isoformat()},
        ),
    ]
    pieces: list[str] = []
    for part in (part for part in parts if "".join(part)):
        pieces += [" ", *_sentence(part)] if pieces else _sentence(part)
    return pieces


def formatted_citation(statement: Statement, url: str, accessed: datetime.date) -> str:
    """The citation a reader copies, as one line of text."""
    return "".join(citation_pieces(statement, url, accessed))


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field's braces; Arabic and other UTF-8 kept as is."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in one_line(text))


def bibtex(statement: Statement, url: str, accessed: datetime.date) -> str:
    """A biblatex-friendly ``@misc`` entry (``date`` and ``urldate`` as ISO dates)."""
    issuer = issuer_name(statement)
    parts = date_parts(statement)
    fields = [
        # Double braces: an organisation, not a "Last, First" person name.
        ("author", f"{{{{{bibtex_escape(issuer)}}}}}" if issuer else ""),
        ("title", f"{{{bibtex_escape(statement.title)}}}"),
        ("type", f"{{{bibtex_escape(str(statement.type))}}}"),
        (
            "howpublished",
            f"{{{bibtex_escape(statement.source)}}}" if statement.source else "",
        ),
        ("year", f"{{{parts[0]}}}" if parts else ""),
        ("month", _BIBTEX_MONTHS[parts[1] - 1] if len(parts) > 1 else ""),
        ("date", f"{{{statement.date_display}}}" if parts else ""),
        # A URL is read verbatim by biblatex: escaping its % would break it.
        ("url", f"{{{url}}}"),
        ("urldate", f"{{{accessed.isoformat()}}}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields if value)
    return f"@misc{{{citation_id(statement)},\n{body}\n}}\n"


def _ris_date(parts: list[int]) -> str:
    """RIS dates are YYYY/MM/DD/ with the unknown parts left empty."""
    padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]
    return "/".join(padded + [""] * (3 - len(padded))) + "/"


def ris(statement: Statement, url: str, accessed: datetime.date) -> str:
    """An RIS record: one ``TAG  - value`` a line (CRLF, as the format asks)."""
    parts = date_parts(statement)
    tags = [
        ("TY", "GEN"),
        ("ID", citation_id(statement)),
        ("AU", issuer_name(statement)),
        ("TI", statement.title),
        ("M3", str(statement.type)),
        ("T2", statement.source),
        ("PY", f"{parts[0]:04d}" if parts else ""),
        ("DA", _ris_date(parts) if parts else ""),
        ("UR", url),
        ("Y2", _ris_date([accessed.year, accessed.month, accessed.day])),
        ("LA", statement.language),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags if value]
    return "\r\n".join([*lines, "ER  - ", ""])


def csl_item(statement: Statement, url: str, accessed: datetime.date) -> dict:
    """One CSL-JSON item; ``issued`` only when the date is known, and as precise."""
    item = {
        "id": citation_id(statement),
        "type": "document",
        "title": one_line(statement.title),
        "genre": str(statement.type),
        "URL": url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": statement.language,
        "archive": gettext("Conflict statements archive"),
    }
    if statement.issuer:
        item["author"] = [{"literal": issuer_name(statement)}]
    if parts := date_parts(statement):
        item["issued"] = {"date-parts": [parts]}
    if statement.source:
        item["container-title"] = one_line(statement.source)
    return item


def csl_json(statement: Statement, url: str, accessed: datetime.date) -> str:
    """CSL-JSON: a list of one item, UTF-8 text kept readable."""
    item = csl_item(statement, url, accessed)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"
