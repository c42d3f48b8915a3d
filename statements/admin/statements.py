"""The statement admin: list, filters, search, the form with its workflow and
duplicate check, history with restore, and the file upload."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..curation.history import record_history
from ..curation.workflow import GRANTED_BY, may_edit
from ..models import Statement
from . import upload
from .actions import publish, retract, send_to_review
from .forms import StatementAdminForm
from .refusals import LogRefusalsMixin, log_refusal
from .search import WordsSearchMixin


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in Statement.objects.years()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date_issued__year=int(self.value())).exclude(
                date_precision=Statement.DatePrecision.UNKNOWN
            )
        return queryset


@admin.register(Statement)
class StatementAdmin(LogRefusalsMixin, WordsSearchMixin, SimpleHistoryAdmin):
    form = StatementAdminForm
    list_display = ["title", "issuer", "date_issued", "type", "status", "language"]
    list_filter = [
        "status",
        "type",
        ("issuer", admin.RelatedOnlyFieldListFilter),
        YearFilter,
        "language",
    ]
    list_select_related = ["issuer", "type"]
    # No date_hierarchy: its years are a scan of every statement on each page
    # (YearFilter finds them on the date index).
    search_fields = ["external_id"]
    search_help_text = _(
        "Words of the title or the text, in any spelling, or an exact external id."
    )
    autocomplete_fields = ["issuer", "places", "tags", "actors", "republications"]
    readonly_fields = [
        "sha256",
        "normalized_hash",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    actions = [send_to_review, publish, retract]
    # Counting all 31,000 statements beside the filtered count costs a scan
    # of its own on every search.
    show_full_result_count = False

    def get_ordering(self, request):
        """Search results newest first by id, unless a column is chosen: the
        date order had SQLite read every match's whole row (the date comes
        after the text), 0.13 s for الامن at 315,000 statements."""
        if request.GET.get("q", "").strip():
            return ["-pk"]
        return super().get_ordering(request)

    def get_form(self, request, obj=None, **kwargs):
        """The form, told who fills it (the statuses it offers depend on it) and,
        when restoring a version, that version's tags, places and actors."""
        form = super().get_form(request, obj, **kwargs)
        relations = getattr(request, "version_relations", {})

        class FormForUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)
                if not self.is_bound:
                    self.initial.update(relations)

        return FormForUser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(
            request.user, obj
        )

    def has_publish_permission(self, request):
        return request.user.has_perm(GRANTED_BY[Statement.Status.PUBLISHED])

    def has_retract_permission(self, request):
        return request.user.has_perm(GRANTED_BY[Statement.Status.RETRACTED])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # The relations are saved after the fields: the history row is written
        # once both are (log_addition / log_change below).
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.duplicates:
            form.instance.republications.add(*form.duplicates)

    def log_addition(self, request, obj, message):
        self._record(request, obj, created=True)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._record(request, obj, created=False)
        return super().log_change(request, obj, message)

    def _record(self, request, obj, created: bool) -> None:
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
            record_history(obj, created, request.user, "admin")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's restore page, which lets a POST through for anyone who
        may view the statement: here only those who may change it now."""
        if not f"{unquote(object_id)}{unquote(version_id)}".isdigit():
            raise Http404  # simple-history would fail on it with a server error
        current = self.get_object(request, unquote(object_id))
        if request.method == "POST" and not self.has_change_permission(
            request, current
        ):
            what = f"restore version {unquote(version_id)} of"
            log_refusal(request.user, what, [unquote(object_id)])
            raise PermissionDenied
        version = Statement.history.filter(
            id=unquote(object_id), history_id=unquote(version_id)
        ).first()
        if version is not None:
            request.version_relations = {
                name: [
                    getattr(row, f"{name[:-1]}_id")
                    for row in getattr(version, name).all()
                ]
                for name in ("tags", "places", "actors")
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(upload.UploadView.as_view(model_admin=self)),
                name="statements_statement_import",
            ),
            path(
                "import/<str:token>/",
                view(upload.ConfirmView.as_view(model_admin=self)),
                name="statements_statement_import_confirm",
            ),
            *super().get_urls(),
        ]
