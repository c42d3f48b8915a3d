"""The JSON API at ``/api/v1/``, documented by the OpenAPI document that
django-ninja generates from these functions' types (``/api/v1/openapi.json``).

Why django-ninja rather than DRF with drf-spectacular: the endpoints are a
handful of read-only functions like the site's views; ninja's pydantic schemas
are at once the validation of parameters, the check of every response and the
document, with no serializer, viewset or router layer beside them.

``search`` is the search page's search; ``collection`` the statements, their
changes and the names, by keyset cursors (``cursors``); ``records`` builds
the records, ``schemas`` declares them, ``errors`` answers bad input.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import collection, errors, search
from .search import response_json


class ArchiveAPI(NinjaAPI):
    """ninja's API, whose document also declares the answers given around the
    operations: the rate limit's 429, and ``Retry-After`` (``errors``)."""

    def get_openapi_schema(self, **kwargs):
        return errors.document_refusals(super().get_openapi_schema(**kwargs))


class ArabicJSONRenderer(JSONRenderer):
    """Arabic as itself in the JSON, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = ArchiveAPI(
    title="Conflict statements archive API",
    version="1",
    description=(
        "Read-only access to the archive's public statements: search, the "
        "collection with filters, the changes a mirror needs, and the names."
    ),
    urls_namespace="api",
    docs_url=None,
    renderer=ArabicJSONRenderer(),
)
errors.install(api)
api.add_router("", search.router)
api.add_router("", collection.router)

__all__ = ["api", "response_json"]
