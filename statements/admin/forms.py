"""The admin's statement form: statuses by role, and the near-duplicate check.

A text that nearly matches an archived statement (``statements.curation.duplicates``)
is not saved until the curator either leaves it, or ticks "save as a
republication", which saves it linked both ways to the statements found.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..arabic import normalized_text
from ..curation.duplicates import find_near_duplicates
from ..curation.workflow import (
    RETRACTION_NEEDS_REASON,
    allowed_statuses,
    status_choices,
)
from ..models import Statement
from .refusals import log_refusal


class HttpsURLField(forms.URLField):
    """A URL typed without its scheme is taken as https (Django 6's default)."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class StatementAdminForm(forms.ModelForm):
    save_as_republication = forms.BooleanField(
        label=_("Save as a republication"),
        required=False,
        help_text=_(
            "When the text nearly matches statements already in the archive: "
            "save it anyway, linked to them as the same text published again."
        ),
    )

    class Meta:
        model = Statement
        fields = [
            "title",
            "body",
            "language",
            "type",
            "issuer",
            "author",
            "date_issued",
            "date_precision",
            "actors",
            "places",
            "tags",
            "source",
            "source_url",
            "archived_url",
            "external_id",
            "status",
            "retraction_reason",
            "editorial_note",
            "republications",
        ]
        field_classes = {"source_url": HttpsURLField, "archived_url": HttpsURLField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates: list[Statement] = []
        if "status" in self.fields and user is not None:
            self.fields["status"].choices = status_choices(user)

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.user is not None and status not in allowed_statuses(self.user):
            raise forms.ValidationError(
                _("You may not give a statement the status “%(status)s”."),
                code="status_not_allowed",
                params={"status": Statement.Status(status).label},
            )
        return status

    def clean(self):
        cleaned = super().clean()
        self.log_forbidden_status()
        if (
            cleaned.get("status") == Statement.Status.RETRACTED
            and not cleaned.get("retraction_reason", "").strip()
        ):
            self.add_error("retraction_reason", RETRACTION_NEEDS_REASON)
        if "body" in self.changed_data and cleaned.get("body"):
            self.check_duplicates(cleaned["body"])
        return cleaned

    def log_forbidden_status(self) -> None:
        """The field offers only the statuses the user may give, so another
        one was forged: refused (by the field's choices, or clean_status),
        and logged here, whichever refused it."""
        status = self.data.get(self.add_prefix("status"))
        if (
            self.user is not None
            and status in Statement.Status.values
            and status not in allowed_statuses(self.user)
        ):
            ids = [self.instance.pk] if self.instance.pk else []
            log_refusal(self.user, f"give the status {status!r} to", ids)

    def check_duplicates(self, body: str) -> None:
        exclude = [self.instance.pk] if self.instance.pk else []
        matches = find_near_duplicates(normalized_text(body), exclude=exclude)
        self.duplicates = [m.statement for m in matches]
        if matches and not self.cleaned_data.get("save_as_republication"):
            links = format_html_join(
                ", ",
                '<a href="{}">{} ({}%)</a>',
                (
                    (
                        reverse(
                            "admin:statements_statement_change", args=[m.statement.pk]
                        ),
                        m.statement.title,
                        round(m.similarity * 100),
                    )
                    for m in matches
                ),
            )
            raise forms.ValidationError(
                format_html(
                    "{} {}. {}",
                    _("This text nearly matches statements already in the archive:"),
                    links,
                    _(
                        "Tick “Save as a republication” to save it linked to "
                        "them, or leave this page to save nothing."
                    ),
                ),
                code="near_duplicate",
            )
