"""The API's reference as a page of the site (``/api/``, ``/en/api/``), written
from the same OpenAPI document as ``/api/v1/openapi.json``.

Server-rendered rather than Swagger UI or ReDoc (which django-ninja bundles):
those need JavaScript and inline styles, which the site's pages do without
(and its Content-Security-Policy forbids).
"""

import functools
import json

from django.shortcuts import render
from django.views.decorators.http import require_GET


@functools.cache
def document() -> dict:
    from . import api  # the instance is made by the package that imports us

    return api.get_openapi_schema(path_prefix="/api/v1")


def schema_name(schema: dict) -> str:
    """A parameter's type as a reader would write it: integer, string[], date…"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(schema_name(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"{schema_name(schema.get('items', {}))}[]"
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"])
    return schema.get("format") or schema.get("type", "")


def operations() -> list[dict]:
    found = []
    for path, item in document()["paths"].items():
        for method, op in item.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": schema_name(p.get("schema", {})),
                    "required": p.get("required", False),
                    "description": p.get("description", "")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            statuses = sorted(op.get("responses", {}))
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": parameters,
                    "statuses": statuses,
                }
            )
    return found


@require_GET
def api_page(request):
    return render(
        request,
        "statements/api.html",
        {"info": document()["info"], "operations": operations()},
    )
