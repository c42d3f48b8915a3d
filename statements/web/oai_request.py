"""What an OAI-PMH request asks, checked: verb, arguments, dates, set, token.

Each function either returns what the request means or raises ``OAIError``
with the protocol's error code and a message that says what to fix; the view
(``web/oai.py``) turns that into an ``<error>`` answer with HTTP 200::

    verb = verb_of(request.GET)                      # badVerb
    args = arguments(request.GET, verb)              # badArgument
    listing = list_request(verb, args)               # badArgument, badResumptionToken…

A resumption token is the position of the last record sent, in the public
change log's order (``changed_at``, ``statement_id``), with the original
arguments and the cursor, signed with ``django.core.signing``: a keyset, not
an offset, so records added or changed while a harvester pages through do
not shift the pages. Nothing is stored on the server, so a token never
expires; one that was altered fails its signature (badResumptionToken).
"""

import datetime
import re
from dataclasses import dataclass

from django.core import signing

METADATA_PREFIX = "oai_dc"
LIST_ARGUMENTS = ({"metadataPrefix"}, {"from", "until", "set"})
# verb: (required arguments, optional arguments); resumptionToken is handled
# apart: where allowed, it must come alone.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
TOKEN_SALT = "statements.web.oai.resumption"
DAY_FORMAT, SECOND_FORMAT = "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ"
SET_PATTERN = re.compile(r"^(issuer|type)(?::(.+))?$")


class OAIError(Exception):
    """An OAI-PMH error condition: its code (``badArgument``…) and a message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class ListRequest:
    """A ListIdentifiers or ListRecords request, first or resumed."""

    verb: str
    metadata_prefix: str
    since: str = ""  # the ``from`` argument as given (re-read from tokens)
    until: str = ""
    set_spec: str = ""
    # The position of the last record already sent, and how many were sent.
    after: tuple[datetime.datetime, int] | None = None
    cursor: int = 0


def verb_of(query) -> str:
    """The request's verb: given once and one of the six."""
    verbs = query.getlist("verb")
    if len(verbs) != 1:
        raise OAIError("badVerb", "Give the verb argument exactly once.")
    if verbs[0] not in VERBS:
        raise OAIError(
            "badVerb", f"No verb {verbs[0]!r}: use one of {', '.join(VERBS)}."
        )
    return verbs[0]


def arguments(query, verb: str) -> dict[str, str]:
    """The verb's other arguments, each given once, all allowed, none missing."""
    args = {}
    for name, values in query.lists():
        if len(values) > 1:
            raise OAIError("badArgument", f"Give the {name} argument only once.")
        if name != "verb":
            args[name] = values[0]
    if "resumptionToken" in args and verb in RESUMABLE:
        if len(args) > 1:
            raise OAIError(
                "badArgument",
                "A resumptionToken must be the only argument besides verb.",
            )
        return args
    required, optional = VERBS[verb]
    if illegal := sorted(set(args) - required - optional):
        raise OAIError("badArgument", f"{verb} does not take {', '.join(illegal)}.")
    if missing := sorted(required - set(args)):
        raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}.")
    return args


def check_prefix(prefix: str) -> None:
    if prefix != METADATA_PREFIX:
        raise OAIError(
            "cannotDisseminateFormat",
            f"No metadata format {prefix!r}: this repository gives {METADATA_PREFIX}.",
        )


def datestamp(value: str, name: str) -> tuple[datetime.datetime, datetime.timedelta]:
    """A ``from``/``until`` value as a UTC time and the span of its granularity."""
    for form, span in ((SECOND_FORMAT, 1), (DAY_FORMAT, 86400)):
        try:
            moment = datetime.datetime.strptime(value, form)
        except ValueError:
            continue
        return moment.replace(tzinfo=datetime.UTC), datetime.timedelta(seconds=span)
    raise OAIError(
        "badArgument",
        f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC), got {value!r}.",
    )


def date_range(since: str, until: str):
    """(first moment, moment after the last) of ``from``/``until``, either None.

    A datestamp is shown to the second (or the day), so ``until`` takes in the
    whole second (or day) it names.
    """
    start = end = None
    if since:
        start, span = datestamp(since, "from")
    if until:
        last, until_span = datestamp(until, "until")
        # The last day Python can count to has no day after it: no bound then.
        end = None if last.year == datetime.MAXYEAR else last + until_span
    if since and until:
        if span != until_span:
            raise OAIError(
                "badArgument", "Give from and until with the same granularity."
            )
        if start > last:
            raise OAIError(
                "badArgument", f"from ({since}) is later than until ({until})."
            )
    return start, end


def is_id(text: str) -> bool:
    """Whether ``text`` is a database id: ASCII digits that fit in 64 bits."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def set_parts(spec: str) -> tuple[str, str]:
    """(kind, value) of a set: ``issuer:<id>``, ``type:<code>``, or a whole kind."""
    match = SET_PATTERN.match(spec)
    if not match or (match[1] == "issuer" and match[2] and not is_id(match[2])):
        raise OAIError(
            "badArgument",
            f"No set {spec!r}: sets are issuer, issuer:<id>, type and type:<code> "
            "(see ListSets).",
        )
    return match[1], match[2] or ""


def list_request(verb: str, args: dict[str, str]) -> ListRequest:
    """The list a ListIdentifiers/ListRecords request asks for, checked."""
    if "resumptionToken" in args:
        return read_token(args["resumptionToken"], verb)
    listing = ListRequest(
        verb=verb,
        metadata_prefix=args["metadataPrefix"],
        since=args.get("from", ""),
        until=args.get("until", ""),
        set_spec=args.get("set", ""),
    )
    check_list(listing)
    return listing


def check_list(listing: ListRequest) -> None:
    check_prefix(listing.metadata_prefix)
    date_range(listing.since, listing.until)
    if listing.set_spec:
        set_parts(listing.set_spec)


def make_token(
    listing: ListRequest, after: tuple[datetime.datetime, int], cursor: int
) -> str:
    """The signed token of the next page: after ``after``, ``cursor`` records sent."""
    payload = {
        "verb": listing.verb,
        "prefix": listing.metadata_prefix,
        "from": listing.since,
        "until": listing.until,
        "set": listing.set_spec,
        "at": after[0].isoformat(),
        "id": after[1],
        "cursor": cursor,
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(token: str, verb: str) -> ListRequest:
    """The list request a token continues; badResumptionToken if it is not ours."""
    bad = OAIError(
        "badResumptionToken", "This resumptionToken is not valid: start again."
    )
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        at = datetime.datetime.fromisoformat(payload["at"])
        listing = ListRequest(
            payload["verb"],
            payload["prefix"],
            payload["from"],
            payload["until"],
            payload["set"],
            (at, int(payload["id"])),
            int(payload["cursor"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise bad from error
    if listing.verb != verb:
        raise OAIError(
            "badResumptionToken", f"This resumptionToken is for {listing.verb}."
        )
    return listing


def statement_id(identifier: str, repository: str) -> int:
    """The statement an ``oai:<repository>:statement/<id>`` identifier names."""
    prefix = f"oai:{repository}:statement/"
    number = identifier.removeprefix(prefix)
    if number == identifier or not is_id(number):
        raise OAIError(
            "idDoesNotExist",
            f"No item {identifier!r}: identifiers here are {prefix}<number>.",
        )
    return int(number)
