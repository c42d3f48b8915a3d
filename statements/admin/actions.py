"""Bulk actions on the statement list: send to review, publish, retract.

Each is offered only to users who hold its permission (``allowed_permissions``
asks the ModelAdmin's ``has_<name>_permission``), and Django leaves an action
out of the POSTs it accepts when it is not offered, so a forged POST fails too.
Each statement is saved on its own: the history records who changed it, and
the search index follows.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..curation.history import save_with_history
from ..models import Statement

Status = Statement.Status


def change_status(request, queryset, status: str, reason: str, **fields) -> int:
    """Give ``status`` to each statement of ``queryset`` not already there.

    In one transaction: each save's index task commits with it (see outbox.py),
    and the search index follows once, after the commit.
    """
    with transaction.atomic():
        return _change_each(request, queryset, status, reason, fields)


def _change_each(request, queryset, status: str, reason: str, fields: dict) -> int:
    changed = 0
    for statement in queryset.exclude(status=status):
        statement.status = status
        for name, value in fields.items():
            setattr(statement, name, value)
        statement.updated_by = request.user
        save_with_history(statement, request.user, reason)
        changed += 1
    return changed


@admin.action(description=_("Send the selected drafts to review"))
def send_to_review(modeladmin, request, queryset):
    count = change_status(
        request, queryset.filter(status=Status.DRAFT), Status.REVIEW, "sent to review"
    )
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d statement sent to review.",
            "%(count)d statements sent to review.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Publish the selected statements"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    # A retracted statement is published again only through its own form,
    # where the reviewer sees the retraction notice they are undoing.
    waiting = queryset.filter(status__in=[Status.DRAFT, Status.REVIEW])
    count = change_status(request, waiting, Status.PUBLISHED, "published")
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d statement published.", "%(count)d statements published.", count
        )
        % {"count": count},
        messages.SUCCESS,
    )


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the retraction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public page of each statement, with the notice."),
    )


@admin.action(
    description=_("Retract the selected statements…"), permissions=["retract"]
)
def retract(modeladmin, request, queryset):
    """Asks for the reason on a page of its own, then retracts."""
    form = RetractForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        count = change_status(
            request,
            queryset,
            Status.RETRACTED,
            "retracted",
            retraction_reason=form.cleaned_data["reason"],
        )
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d statement retracted.",
                "%(count)d statements retracted.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Retract statements"),
        "opts": modeladmin.model._meta,
        "form": form,
        "statements": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/statements/statement/retract.html", context)
