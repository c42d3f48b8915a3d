"""The JSON API: ``GET /api/v1/search``, on the same search service as the pages.

Bad parameters get a 400 with ``{"error": …, "fields": {name: [messages]}}``.
"""

from collections.abc import Callable

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..search import SearchResponse, labelled_facets, search
from .forms import SearchForm


def result_json(hit, absolute: Callable[[str], str]) -> dict:
    statement = hit.statement
    return {
        "id": statement.pk,
        "external_id": statement.external_id,
        "title": statement.title,
        # HTML, escaped, with the matched words in <mark> like the snippets.
        "title_marked": str(hit.title_marked),
        "date": statement.date_display or None,
        "issuer": str(statement.issuer) if statement.issuer else None,
        "type": statement.type.code,
        "language": statement.language,
        "url": absolute(statement.get_absolute_url()),
        "score": None if hit.score is None else round(hit.score, 4),
        "snippets": [str(s) for s in hit.snippets],
    }


def response_json(
    response: SearchResponse, absolute: Callable[[str], str] = str
) -> dict:
    """The API's JSON for a search; ``absolute`` turns a path into a full URL."""
    return {
        "count": response.count,
        "page": response.request.page,
        "page_size": response.request.page_size,
        "results": [result_json(hit, absolute) for hit in response.hits],
        "facets": {
            name: [{"value": v, "label": label, "count": n} for v, label, n in values]
            for name, values in labelled_facets(response.facets).items()
        },
        "notices": [{"code": n.code, "message": n.message} for n in response.notices],
        "suggestion": response.suggestion or None,
    }


@require_GET
def search_api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        fields = {
            name: [str(e) for e in errors] for name, errors in form.errors.items()
        }
        first = next(iter(fields.items()))
        return JsonResponse(
            {"error": f"{first[0]}: {first[1][0]}", "fields": fields},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    response = search(form.search_request())
    data = response_json(response, request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
