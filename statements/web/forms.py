"""Forms that validate search parameters, shared by the HTML page and the JSON API."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..search import MAX_PAGE_SIZE, SORTS, SearchRequest, parse_date_bound


def max_results() -> int:
    """Page number × page size may not pass this (``ARCHIVE_MAX_RESULTS``)."""
    return int(getattr(settings, "ARCHIVE_MAX_RESULTS", 10_000))


def last_page(page_size: int) -> int:
    """The deepest page of ``page_size`` results that may be asked for."""
    return max(1, max_results() // page_size)


class PartialDateField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD; as a start the first day, as an end the last."""

    def __init__(self, *, end: bool, **kwargs):
        self.end = end
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> datetime.date | None:
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            return parse_date_bound(value, end=self.end)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write a date as YYYY, YYYY-MM or YYYY-MM-DD, not %(value)s."),
                params={"value": value},
            ) from exc


class ValuesField(forms.Field):
    """A filter given any number of times (``?issuer=3&issuer=7``), as a tuple."""

    widget = forms.MultipleHiddenInput
    MAX_VALUES = 20

    def __init__(self, *, max_length: int, **kwargs):
        self.max_length = max_length
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        values = tuple(dict.fromkeys(v.strip() for v in value or () if v.strip()))
        if len(values) > self.MAX_VALUES:
            raise forms.ValidationError(
                _("Choose at most %(n)d values of one filter."),
                params={"n": self.MAX_VALUES},
            )
        if any(len(v) > self.max_length for v in values):
            raise forms.ValidationError(
                _("A value may be at most %(n)d characters long."),
                params={"n": self.max_length},
            )
        return values


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)
    issuer = ValuesField(label=_("Issuer"), max_length=300)
    type = ValuesField(label=_("Type"), max_length=100)
    tag = ValuesField(label=_("Tag"), max_length=100)
    place = ValuesField(label=_("Place"), max_length=300)
    lang = ValuesField(label=_("Language"), max_length=10)
    date_from = PartialDateField(label=_("From"), end=False)
    date_to = PartialDateField(label=_("To"), end=True)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("relevance", _("relevance")),
            ("newest", _("newest")),
            ("oldest", _("oldest")),
        ],
    )
    aliases = forms.CharField(required=False)
    # The page size when none is asked for (what ``search_request`` gets).
    default_page_size = 20

    def clean(self):
        data = super().clean()
        page, size = data.get("page"), data.get("page_size") or self.default_page_size
        if page and page > last_page(size):
            self.add_error(
                "page",
                _(
                    "Only the first %(n)d results can be paged through (page "
                    "%(last)d at %(size)d a page); add words or filters to "
                    "narrow the search."
                )
                % {"n": max_results(), "last": last_page(size), "size": size},
            )
        return data

    def clean_aliases(self) -> bool:
        value = self.cleaned_data["aliases"].strip().lower()
        if value in {"", "1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off"}:
            return False
        raise forms.ValidationError(_("Write aliases=1 or aliases=0."))

    def search_request(self, default_page_size: int = 20) -> SearchRequest:
        """The validated parameters; call after ``is_valid()``."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", ())}
        data.setdefault("page_size", default_page_size)
        if data.get("sort") not in SORTS:
            data.pop("sort", None)
        return SearchRequest(**data)
