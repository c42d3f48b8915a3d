"""Opaque cursors for keyset pagination: the position after the last record
sent, signed so that a cursor cannot be forged or mistaken for another list's.

A cursor names a position (an id, or a time and an id), never an offset: a
statement added while a client pages through is met once or not at all,
and no record already sent moves under a later page.
"""

import datetime

from django.core import signing

from .errors import BadRequest


def make_cursor(kind: str, *position) -> str:
    values = [
        v.isoformat() if isinstance(v, datetime.datetime) else v for v in position
    ]
    return signing.dumps(values, salt=f"api.cursor.{kind}", compress=True)


def position(kind: str, cursor: str | None, default: list) -> list:
    """The position to continue from (``default`` without a cursor); a cursor
    that was altered or is another list's is a ``BadRequest``."""
    if cursor is None:
        return default
    try:
        return signing.loads(cursor, salt=f"api.cursor.{kind}")
    except signing.BadSignature as exc:
        raise BadRequest(
            "cursor",
            "this is not a cursor of this list: start without one, "
            "or follow the previous page's `next` URL as it is",
        ) from exc
