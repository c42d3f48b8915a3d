"""The API's errors: a 400 or 404 with ``{"error": …, "fields": {…}}`` that says
what to fix, the same shape for every endpoint (``schemas.Error``); a 503
with ``Retry-After`` while the search index cannot be read (``web.unavailable``).

``document_refusals`` writes into the OpenAPI document the two answers that
mean "come back later", with their ``Retry-After`` header: the 429 of the rate
limit, which ``web.throttle`` (a middleware, before ninja) may give on every
operation, and the 503 of the operations that read the search index (those
that declare ``503: Error``: only ``/search`` does; the others read the
database alone and go on answering without the index).
"""

from django.http import Http404
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from ninja.errors import ValidationError

from ...search import IndexUnreadable
from ..unavailable import RETRY_AFTER_SECONDS, index_unreadable, unavailable_message


class BadRequest(Exception):
    """A parameter the API cannot use: raised in an endpoint, answered with 400."""

    def __init__(self, field: str, message: str):
        self.fields = {field: [message]}
        super().__init__(f"{field}: {message}")

    @classmethod
    def of(cls, fields: dict[str, list[str]]) -> "BadRequest":
        """Several bad parameters at once (a form's errors)."""
        error = cls(*next((name, messages[0]) for name, messages in fields.items()))
        error.fields = fields
        return error


def error_body(fields: dict[str, list[str]]) -> dict:
    name, messages = next(iter(fields.items()))
    return {"error": f"{name}: {messages[0]}", "fields": fields}


RETRY_AFTER = {
    "description": "How many seconds to wait before asking again.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
COME_BACK_LATER = {
    429: "Too many requests from this client (the API's rate limit, "
    "per address): wait Retry-After seconds.",
    503: "The search index cannot be read for a while (it is being "
    "rebuilt); the collection's operations go on working. Try again after "
    "Retry-After seconds.",
}


def document_refusals(document: dict) -> dict:
    """``document`` (ninja's OpenAPI schema) with a 429 on every operation
    and, on each 429 and 503, what it means and its ``Retry-After`` header,
    which ninja has no way to declare."""
    error = {"$ref": "#/components/schemas/Error"}
    for item in document["paths"].values():
        for operation in item.values():
            responses = operation["responses"]
            responses.setdefault(
                429, {"content": {"application/json": {"schema": error}}}
            )
            for status, description in COME_BACK_LATER.items():
                if status in responses:
                    responses[status]["description"] = description
                    responses[status]["headers"] = {"Retry-After": RETRY_AFTER}
            operation["responses"] = dict(sorted(responses.items()))
    return document


def install(api) -> None:
    """Answer bad parameters and unknown records in the API's own shape."""

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return api.create_response(request, error_body(exc.fields), status=400)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())[1:]]
            fields.setdefault(".".join(location) or "request", []).append(
                error.get("msg", "invalid value")
            )
        return api.create_response(request, error_body(fields), status=400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        message = str(exc) or "Nothing is published at this address."
        return api.create_response(
            request, {"error": message, "fields": {}}, status=404
        )

    @api.exception_handler(IndexUnreadable)
    def unavailable(request, exc):
        index_unreadable(exc)
        # In English, as the API's other errors.
        with translation.override("en"):
            body = {"error": unavailable_message(), "fields": {}}
        response = api.create_response(request, body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
