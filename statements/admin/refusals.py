"""Curator actions the workflow refused, logged on ``statements.security``.

The history records what curators did; this log records what they were not
allowed to do: a status their role may not give (a forged form), a bulk
action they do not hold (a forged POST, which Django's admin only answers
with "No action selected"), a change, restore or deletion of a statement
they may not touch, a file whose records they may not import. Each line says
who, what, and which statements, so that an operator can tell a curator's
slip from somebody trying the locks. Failed logins are logged by django-axes
and by ``lockout``.
"""

import logging
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied

security_log = logging.getLogger("statements.security")


def log_refusal(user, what: str, statements=()) -> None:
    """Log that ``user`` was refused ``what`` on ``statements`` (their ids;
    none when there is no statement yet, e.g. adding one)."""
    ids = ", ".join(str(pk) for pk in statements) or "-"
    security_log.warning(
        "refused: user %r (id %s) may not %s; statements: %s",
        user.get_username(),
        user.pk,
        what,
        ids,
    )


def log_refused_file(user, name: str, errors) -> None:
    """Log an upload refused for records ``user`` may not import (``errors``:
    the importer's RecordErrors, the first of which is quoted)."""
    first = errors[0]
    what = f"import {name} ({len(errors)} records; line {first.line}: {first.reason})"
    log_refusal(user, what)


@contextmanager
def refusal_logged(user, what: str, statements=()):
    """Log a PermissionDenied raised inside, then let it go on (a 403)."""
    try:
        yield
    except PermissionDenied:
        log_refusal(user, what, statements)
        raise


class LogRefusalsMixin:
    """A ModelAdmin whose refused changes, deletions and bulk actions are
    logged (the views raise PermissionDenied; we only listen). The statement
    admin's restore view logs its own refusal."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        what, ids = ("change", [object_id]) if object_id else ("add", [])
        with refusal_logged(request.user, what, ids):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with refusal_logged(request.user, "delete", [object_id]):
            return super().delete_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        """Django drops an action the user does not hold without a word
        ("No action selected"): a POST naming one is a forged form."""
        name = request.POST.get("action", "")
        if name in self.action_names() and name not in self.get_actions(request):
            selected = request.POST.getlist("_selected_action")
            log_refusal(request.user, f"run the action {name!r} on", selected)
        return super().response_action(request, queryset)

    def action_names(self) -> set[str]:
        """Every action of this admin, whoever the user (the site's included)."""
        own = {a if isinstance(a, str) else a.__name__ for a in self.actions or []}
        return own | set(dict(self.admin_site.actions))
