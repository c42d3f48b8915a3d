"""Statements, their near-duplicate signature bands and their words.

A statement's text is stored exactly as received, with the SHA-256 of the
original bytes; the hash of its normalized words is derived from it for
matching only.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..arabic import normalized_text

# Ids per ``__in`` query and rows per bulk write: SQLite caps the number of
# parameters of one query.
CHUNK = 1000
# A statement's links to the vocabulary (many-to-many fields).
RELATIONS = ("tags", "places", "actors")


def saves_text(update_fields) -> bool:
    """Whether a save with these ``update_fields`` writes a statement's text."""
    return update_fields is None or bool({"title", "body"} & set(update_fields))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_fingerprint(text: str) -> str:
    """Hash of the normalized words of a text: the same for spelling variants.

    >>> text_fingerprint("قوّات") == text_fingerprint("قوات")
    True
    """
    return normalized_fingerprint(normalized_text(text))


def normalized_fingerprint(normalized: str) -> str:
    """``text_fingerprint`` of a text already normalized (saves normalizing twice)."""
    return sha256_hex(normalized.encode("utf-8"))


class SignatureBand(models.Model):
    """One band of a statement's MinHash signature, for finding near-duplicates.

    Statements that share a band key are candidates; ``statements.curation.duplicates``
    then compares their words exactly. Kept apart from ``Statement`` so the
    lookup is one indexed query over small rows.
    """

    statement = models.ForeignKey(
        "Statement", on_delete=models.CASCADE, related_name="signature_bands"
    )
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("signature band")
        verbose_name_plural = _("signature bands")

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.key}"


def lock_first(queryset) -> None:
    """Lock these statements' rows, in id order: a deletion deletes the rows
    referring to a statement first, an edit updates the statement first; on
    PostgreSQL the two orders deadlock unless a deletion too locks the
    statement first. (SQLite has one writer at a time: this does nothing.)"""
    pks = list(queryset.order_by().values_list("pk", flat=True))
    locked = Statement.objects.select_for_update().filter(pk__in=pks)
    list(locked.order_by("pk").values_list("pk", flat=True))


class StatementQuerySet(models.QuerySet):
    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            lock_first(self)
            return super().delete()

    def published(self):
        return self.filter(status=Statement.Status.PUBLISHED)

    def public(self):
        """What anyone may read: published statements, and retracted ones with
        their notice (a retraction keeps the statement citable)."""
        return self.filter(status__in=Statement.PUBLIC_STATUSES)

    def by_issuer(self, actor):
        return self.filter(issuer=actor)

    def in_period(self, start: datetime.date | None, end: datetime.date | None):
        """Statements dated within [start, end]; undated ones are left out."""
        qs = self.exclude(date_precision=Statement.DatePrecision.UNKNOWN)
        if start:
            qs = qs.filter(date_issued__gte=start)
        if end:
            qs = qs.filter(date_issued__lte=end)
        return qs

    def years(self) -> list[int]:
        """The years of the statements' dates (undated ones left out), newest
        first: ``dates("date_issued", "year")`` without its scan. On SQLite that
        calls a Python function on every row (40 ms at 31,523 statements);
        this asks the date index for the latest date before each year found.
        """
        years: list[int] = []
        latest = self.aggregate(latest=models.Max("date_issued"))["latest"]
        while latest is not None:
            years.append(latest.year)
            earlier = self.filter(date_issued__lt=datetime.date(latest.year, 1, 1))
            latest = earlier.aggregate(latest=models.Max("date_issued"))["latest"]
        return years

    def per_month(self) -> list[tuple[str, int]]:
        """(YYYY-MM, count) of the statements dated to a month or a day."""
        rows = (
            self.filter(date_precision__in=["day", "month"])
            .annotate(month=TruncMonth("date_issued"))
            .values("month")
            .annotate(n=models.Count("pk"))
            .order_by("month")
        )
        return [(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]

    def adjacent(self, statement: "Statement"):
        """The statements just before and just after ``statement`` by date (then id);
        undated statements only among themselves.

        Each side asks for the same day first, then the days beyond: two small
        queries on the (status, date, id) index, where one query with an OR
        made SQLite scan every published statement.
        """
        if statement.year is None:
            same = self.filter(date_precision=Statement.DatePrecision.UNKNOWN)
            before = same.filter(pk__lt=statement.pk).order_by("-pk").first()
            return before, same.filter(pk__gt=statement.pk).order_by("pk").first()
        dated = self.exclude(date_precision=Statement.DatePrecision.UNKNOWN)
        day, pk = statement.date_issued, statement.pk
        same_day = dated.filter(date_issued=day)
        before = same_day.filter(pk__lt=pk).order_by("-pk").first() or (
            dated.filter(date_issued__lt=day).order_by("-date_issued", "-pk").first()
        )
        after = same_day.filter(pk__gt=pk).order_by("pk").first() or (
            dated.filter(date_issued__gt=day).order_by("date_issued", "pk").first()
        )
        return before, after

    def in_order(self, ids: list[int]) -> list["Statement"]:
        """These statements in the order of ``ids`` (those not found left out),
        with the issuer and type a list item shows; fetched by id, unsorted."""
        found = self.select_related("issuer", "type").order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def for_index(self):
        """Published statements and all the index reads of them, in few queries."""
        return (
            self.published()
            .select_related("issuer", "type")
            .prefetch_related("issuer__aliases", "actors", "places", "tags")
        )


# Every change of a statement: who, when, which fields (the relations too).
# Kept by name so the admin can record a whole edit (fields, then relations)
# in one row.
statement_history = HistoricalRecords(m2m_fields=list(RELATIONS))


class Statement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        RETRACTED = "retracted", _("retracted")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("unknown")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)

    title = models.CharField(_("title"), max_length=1000)
    body = models.TextField(_("text"), help_text=_("The text exactly as published."))
    language = models.CharField(_("language"), max_length=10, default="ar")
    type = models.ForeignKey(
        "StatementType",
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    issuer = models.ForeignKey(
        "Actor",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements_issued",
    )
    author = models.CharField(_("author or byline"), max_length=300, blank=True)
    # The first day of the period the statement is dated to; see date_precision.
    date_issued = models.DateField(
        _("date issued"), null=True, blank=True, db_index=True
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    actors = models.ManyToManyField(
        "Actor",
        verbose_name=_("actors named"),
        blank=True,
        related_name="statements_naming",
    )
    places = models.ManyToManyField(
        "Place", verbose_name=_("places"), blank=True, related_name="statements"
    )
    tags = models.ManyToManyField(
        "Tag", verbose_name=_("tags"), blank=True, related_name="statements"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    archived_url = models.URLField(_("archived copy"), max_length=2000, blank=True)
    external_id = models.CharField(
        _("external identifier"), max_length=300, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    retraction_reason = models.TextField(_("reason for retraction"), blank=True)
    editorial_note = models.TextField(_("editorial note"), blank=True)
    sha256 = models.CharField(
        _("SHA-256 of the original"), max_length=64, db_index=True, editable=False
    )
    normalized_hash = models.CharField(
        _("hash of the normalized text"), max_length=64, db_index=True, editable=False
    )
    republications = models.ManyToManyField(
        "self",
        verbose_name=_("republications"),
        blank=True,
        help_text=_(
            "The same text published elsewhere (another outlet, another date); "
            "the link goes both ways."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Columns that save() computes from the text.
    DERIVED_FROM_TEXT = ("normalized_hash",)

    objects = StatementQuerySet.as_manager()
    history = statement_history

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-date_issued", "-id"]
        indexes = [
            # Lists of published statements by date, and a statement's previous
            # and next, read this index in order instead of sorting the table.
            models.Index(
                fields=["status", "date_issued", "id"], name="statement_status_date"
            ),
            # The admin list's language filter asks for the distinct languages:
            # from this index rather than a scan of every statement.
            models.Index(fields=["language"], name="statement_language"),
            # An issuer's public statements by id (the API's collection filtered
            # by issuer, a page after its cursor): read in order, where the
            # issuer's index alone made SQLite sort all of them (13,708 for the
            # corpus's largest) to return 50.
            models.Index(
                fields=["issuer", "status", "id"], name="statement_issuer_status"
            ),
        ]
        permissions = [
            ("publish_statement", _("Can publish statements")),
            ("retract_statement", _("Can retract statements")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # A body typed in the admin has no original bytes: hash its UTF-8 form.
        if not self.sha256:
            self.sha256 = sha256_hex(self.body.encode("utf-8"))
        fields = kwargs.get("update_fields")
        text_saved = saves_text(fields)
        if text_saved:
            self.normalize()
        if fields is not None and text_saved:
            kwargs["update_fields"] = {*fields, *self.DERIVED_FROM_TEXT}
        # The near-duplicate signature follows the text: ``curation.duplicates``
        # writes it on post_save.
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.slug:
            return reverse("statements:detail_slug", args=[self.pk, self.slug])
        return reverse("statements:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            lock_first(Statement.objects.filter(pk=self.pk))
            return super().delete(*args, **kwargs)

    def normalize(self) -> None:
        """Fill the column derived from the text: the hash of its normalized words."""
        self.normalized_hash = text_fingerprint(self.body)

    @property
    def slug(self) -> str:
        """A readable tail for the URL; the id before it identifies the statement."""
        return slugify(self.title, allow_unicode=True)[:80].strip("-")

    @property
    def year(self) -> int | None:
        if self.date_precision == self.DatePrecision.UNKNOWN or not self.date_issued:
            return None
        return self.date_issued.year

    @property
    def month(self) -> str:
        """YYYY-MM when the month is known, else ""."""
        known = (self.DatePrecision.DAY, self.DatePrecision.MONTH)
        return self.date_display[:7] if self.date_precision in known else ""

    @property
    def date_display(self) -> str:
        """The date as precisely as it is known: 2020, 2020-03 or 2020-03-15."""
        if self.year is None:
            return ""
        widths = {self.DatePrecision.YEAR: 4, self.DatePrecision.MONTH: 7}
        return self.date_issued.isoformat()[: widths.get(self.date_precision, 10)]


class StatementWords(models.Model):
    """The distinct stems of a statement's title and text, for the admin's search.

    Written with the text, in its transaction, by ``statements.curation.words``
    (stems of ``statements.arabic.word_stems``: الأمن, والأمن and للأمن are all
    امن), and indexed by the database (migration 0006): on SQLite by an FTS5
    table that triggers on this table keep in step, on PostgreSQL by a GIN
    index. On SQLite a migration that remakes this table (most column changes
    do) drops those triggers with it: it must create them again and rebuild
    the FTS5 table.
    """

    statement = models.OneToOneField(
        Statement,
        verbose_name=_("statement"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="words",
    )
    # Separated by single spaces, sorted.
    stems = models.TextField(_("stems"))

    class Meta:
        verbose_name = _("words of a statement")
        verbose_name_plural = _("words of statements")

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.stems[:50]}"
