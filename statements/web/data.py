"""The public dumps at /data/: a page that lists them, and each file as written.

Only the names of the current dump's files are served (``statements.dumps.FILES``):
a name is looked up, never joined to a path, so nothing else in the data
folder can be reached. Before the first ``export_dumps`` the page says so.
The page says when the dump was written and how many public changes were
recorded since (``dumps.newer_changes``: one query, counted up to a limit).
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..dumps import current_dump, newer_changes
from ..dumps.follower import COUNTED_AT_MOST

# Dumps change only when an import, export_dumps or the dumps follower writes
# them again, at most every ARCHIVE_DUMPS_INTERVAL_SECONDS (an hour).
MAX_AGE = 300
TEXT = "text/plain; charset=utf-8"
# What each file is served as. The gzip files are downloads: their SHA-256 is
# of the compressed bytes, so no Content-Encoding that a client would undo.
CONTENT_TYPES = {
    ".gz": "application/gzip",
    ".json": "application/json",
    ".txt": TEXT,
    "SHA256SUMS": TEXT,
}


def content_type(name: str) -> str:
    return next(t for end, t in CONTENT_TYPES.items() if name.endswith(end))


@require_safe
def data_index(request):
    dump = current_dump()
    context = {"dump": dump, "counted_at_most": COUNTED_AT_MOST}
    if dump:
        context["newer_changes"] = newer_changes(dump)
    response = render(request, "statements/data.html", context)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def data_file(request, name: str):
    dump = current_dump()
    found = dump.file(name) if dump else None
    if found is None:
        raise Http404(f"No file {name!r} in the public dumps: see /data/.")
    try:
        stream = open(found.path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except FileNotFoundError as exc:
        # A new dump was swapped in and this one removed since it was listed.
        raise Http404(f"{name} was just replaced: see /data/ again.") from exc
    response = FileResponse(
        stream,
        content_type=content_type(name),
        as_attachment=name.endswith(".gz"),
        filename=name,
    )
    if found.sha256:
        response["ETag"] = f'"{found.sha256}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
