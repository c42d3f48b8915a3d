"""The vocabulary statements are described with: actors, places, tags and types.

Actors and places share names in two languages, aliases (normalized for
lookups: قسد, SDF and قوات سوريا الديمقراطية find one actor) and a parent.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..arabic import normalized_text
from .statement import Statement


def in_interface_language(name_ar: str, name_en: str) -> str:
    """The name for the current interface language, else the other one."""
    if get_language() == "en":
        return name_en or name_ar
    return name_ar or name_en


class NamedQuerySet(models.QuerySet):
    def by_alias(self, name: str):
        """Entities known by ``name`` in any of their spellings (normalized match)."""
        return self.filter(aliases__normalized=normalized_text(name)).distinct()


class NamedEntity(models.Model):
    """What actors and places share: names in two languages, aliases, a parent."""

    name_ar = models.CharField(_("Arabic name"), max_length=300, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name_ar", "name_en"]

    def __str__(self) -> str:
        return in_interface_language(self.name_ar, self.name_en)

    def names(self) -> list[str]:
        """Every name it is known by: its own names, then its aliases."""
        own = [n for n in (self.name_ar, self.name_en) if n]
        return own + [a.name for a in self.aliases.all() if a.name not in own]


class Alias(models.Model):
    """One spelling of a name, with its normalized form for lookups."""

    name = models.CharField(_("name"), max_length=300)
    normalized = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalized_text(self.name)
        super().save(*args, **kwargs)


class ActorQuerySet(NamedQuerySet):
    def issuers(self):
        """Actors with published statements, the most prolific first, counted."""
        published = models.Q(statements_issued__status=Statement.Status.PUBLISHED)
        return (
            self.annotate(published_count=models.Count("statements_issued", published))
            .filter(published_count__gt=0)
            .order_by("-published_count", "name_ar", "name_en")
        )


class Actor(NamedEntity):
    class Kind(models.TextChoices):
        ARMED_GROUP = "armed_group", _("armed group")
        STATE = "state", _("state or government")
        COALITION = "coalition", _("coalition")
        PARTY = "party", _("political party")
        MEDIA = "media", _("media outlet")
        INTERNATIONAL = "international", _("international body")
        PERSON = "person", _("person")
        OTHER = "other", _("other")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(NamedEntity.Meta):
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def get_absolute_url(self) -> str:
        return reverse("statements:actor", args=[self.pk])


class ActorAlias(Alias):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("actor alias")
        verbose_name_plural = _("actor aliases")
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="unique_actor_alias")
        ]


class Place(NamedEntity):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        GOVERNORATE = "governorate", _("governorate or province")
        CITY = "city", _("city or town")
        OTHER = "other", _("other")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )

    history = HistoricalRecords()

    class Meta(NamedEntity.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def get_absolute_url(self) -> str:
        return reverse("statements:place", args=[self.pk])


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="unique_place_alias")
        ]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("statements:tag", args=[self.pk])


class StatementType(models.Model):
    """The curated vocabulary of statement types; an import may add to it."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ar = models.CharField(_("Arabic name"), max_length=100, blank=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement type")
        verbose_name_plural = _("statement types")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_interface_language(self.name_ar, self.name_en) or self.code


class GazetteerLoad(models.Model):
    """A gazetteer file loaded into the actors and places, by its SHA-256.

    ``migrate`` loads the shipped gazetteer when this version of it has not
    been loaded yet (``statements.ingest.gazetteer.load_after_migrate``): once
    per version, so an alias a curator deleted stays deleted until a new
    gazetteer ships.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("gazetteer load")
        verbose_name_plural = _("gazetteer loads")

    def __str__(self) -> str:
        return self.sha256[:12]
