"""Importing a file from the admin: upload, preview, confirm.

The uploaded file is kept under ``DATA_DIR/uploads/<token>/`` between the two
steps. The preview is the importer's dry run (its transaction rolled back), so
nothing is written before the curator confirms; the confirm imports the same
file with the same importer as ``manage.py import_statements``, then removes it.
A user who may not publish gets an error for every record that would be
published, or that would change a statement they may not edit.

A file past ``ARCHIVE_UPLOAD_MAX_BYTES`` is refused as it streams in
(``LimitedUploadHandler``, first of ``FILE_UPLOAD_HANDLERS``): its bytes are
dropped, not written to a temporary file, and the form says why.
"""

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..curation.workflow import allowed_statuses, status_choices
from ..ingest import (
    FORMATS,
    FileResult,
    RecordError,
    UnreadableFile,
    find_existing,
    import_paths,
    read_records,
    statement_format,
)
from ..models import Receipt, Statement
from .refusals import log_refused_file

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MANIFEST = "upload.json"
# Seconds a previewed file waits for its confirm before it is removed.
FORGOTTEN_AFTER = 24 * 3600


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def max_upload_bytes() -> int:
    return int(getattr(settings, "ARCHIVE_UPLOAD_MAX_BYTES", 40 << 20))


def too_large() -> str:
    return _(
        "The file is larger than %(limit)s, the most an upload may be "
        "(ARCHIVE_UPLOAD_MAX_BYTES): nothing was read. Split it into smaller "
        "files, or import it with manage.py import_statements."
    ) % {"limit": filesizeformat(max_upload_bytes())}


class LimitedUploadHandler(FileUploadHandler):
    """Drops an uploaded file once it passes ``ARCHIVE_UPLOAD_MAX_BYTES``, for
    every request (the CSRF check reads a POST's body before any view runs),
    and marks the request so the upload form can say why the file is missing."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self.request.upload_refused = self.file_name
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers make the file


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(".txt, .jsonl, .json or .csv, optionally gzipped (.gz)."),
    )
    status = forms.ChoiceField(
        label=_("Status of records that do not give their own"),
        initial=Statement.Status.DRAFT,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large())
        if not statement_format(Path(upload.name)):
            raise forms.ValidationError(
                _("Give a .txt, .jsonl, .json or .csv file (optionally .gz).")
            )
        return upload


def forget_old_uploads(now: float | None = None) -> None:
    """Remove the files of previews never confirmed, a day after their upload."""
    now = time.time() if now is None else now
    folder = uploads_dir()
    for kept in folder.iterdir() if folder.is_dir() else ():
        if kept.is_dir() and now - kept.stat().st_mtime > FORGOTTEN_AFTER:
            shutil.rmtree(kept, ignore_errors=True)


def keep_upload(upload, user, status: str) -> str:
    """Store the uploaded file and what was asked of it; returns its token."""
    forget_old_uploads()
    token = secrets.token_urlsafe(24)
    folder = uploads_dir() / token
    folder.mkdir(parents=True)
    name = get_valid_filename(Path(upload.name).name)
    with open(folder / name, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    manifest = {"user": user.pk, "status": status, "name": name}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return token


def kept_upload(token: str, user) -> tuple[Path, dict]:
    """The file kept under ``token`` for ``user``, and its manifest; else 404."""
    folder = uploads_dir() / token
    if not TOKEN.match(token) or not (folder / MANIFEST).is_file():
        raise Http404(_("No such upload: it was imported already, or never made."))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest["user"] != user.pk:
        raise PermissionDenied
    return folder / manifest["name"], manifest


def forbidden_records(path: Path, status: str, user, updated: set[int]) -> list:
    """Records that would give a status ``user`` may not give, or change a
    statement they may not edit (an editor's file cannot publish anything).
    ``updated``: the statements the dry run changed."""
    allowed = allowed_statuses(user)
    records = read_records(path, FileResult(path), status)
    existing = find_existing(records)
    errors = []
    for record in records:
        stored = existing.get(record.external_id or record.sha256)
        if stored is not None and stored.pk not in updated:
            continue  # unchanged
        if stored is not None and stored.status not in allowed:
            reason = f"would change statement {stored.pk}, which is {stored.status}"
        elif record.status not in allowed and (
            stored is None or "status" in record.given
        ):
            reason = f"status {record.status!r} is not one you may give"
        else:
            continue
        errors.append(RecordError(path, record.line, reason))
    return errors


def run_import(path: Path, status: str, user, dry_run: bool):
    """The importer's summary, or the errors that stop the whole file.

    The dry run comes first either way: it tells which statements the file
    would change, and so whether the user may import it.
    """
    preview = import_paths([path], default_status=status, dry_run=True, user=user)
    updated = {pk for result in preview.files for pk in result.updated}
    try:
        forbidden = forbidden_records(path, status, user, updated)
    except UnreadableFile:
        forbidden = []  # the preview reports it
    if forbidden:
        log_refused_file(user, path.name, forbidden)
    if forbidden or dry_run:
        return preview, forbidden
    imported = import_paths(
        [path], default_status=status, user=user, via=Receipt.Via.UPLOAD
    )
    return imported, []


def shown(error, folder: Path) -> str:
    """An importer's message without the server's folder in it."""
    return str(error).replace(f"{folder}/", "")


class UploadView(View):
    """Step one: the file, then the preview of what importing it would do."""

    model_admin = None
    template = "admin/statements/statement/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(request, UploadForm(user=request.user))

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            if getattr(request, "upload_refused", None):
                form.errors["file"] = form.error_class([too_large()])
            return self.render(request, form)
        status = form.cleaned_data["status"]
        token = keep_upload(form.cleaned_data["file"], request.user, status)
        path, _manifest = kept_upload(token, request.user)
        summary, forbidden = run_import(path, status, request.user, dry_run=True)
        return self.render(
            request,
            None,
            token=token,
            summary=summary,
            forbidden=[shown(e, path.parent) for e in forbidden],
            errors=[shown(e, path.parent) for e in summary.errors],
            name=path.name,
        )

    def render(self, request, form, **context):
        admin = self.model_admin
        context = {
            **admin.admin_site.each_context(request),
            "title": _("Import statements from a file"),
            "opts": admin.model._meta,
            "form": form,
            "formats": ", ".join(FORMATS),
            **context,
        }
        return TemplateResponse(request, self.template, context)


class ConfirmView(UploadView):
    """Step two: import the kept file for real (POST only), then forget it."""

    def get(self, request, token):
        raise Http404

    def post(self, request, token):
        path, manifest = kept_upload(token, request.user)
        summary, forbidden = run_import(
            path, manifest["status"], request.user, dry_run=False
        )
        shutil.rmtree(path.parent)
        if forbidden:
            messages.error(
                request,
                _(
                    "Nothing was imported: since the preview, the archive has "
                    "changed in a way your role may not change."
                ),
            )
        else:
            self.report(request, summary, path.parent)
        return redirect("admin:statements_statement_changelist")

    def report(self, request, summary, folder: Path) -> None:
        messages.success(
            request,
            _(
                "Imported: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(failed)d failed, "
                "%(duplicates)d linked as republications."
            )
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "failed": summary.failed,
                "duplicates": len(summary.duplicates),
            },
        )
        for error in summary.errors:
            messages.warning(request, shown(error, folder))
