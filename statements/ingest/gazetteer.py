"""The gazetteer: places and actors with their spellings, loaded from a JSON file.

    >>> result = load_gazetteer()  # statements/ingest/data/gazetteer.json
    >>> Actor.objects.by_alias("قسد").get().name_en
    'Syrian Democratic Forces'

The file is ``{"places": [...], "actors": [...]}``; each entry is
``{"name_en", "name_ar", "kind", "parent", "aliases"}``, ``parent`` being the
key of another entry in the same list (or null): an entry's key is its
``name_en``, or its ``name_ar`` when it has no English name (an export of the
archive's vocabulary has such entries). Loading only ever adds:
it fills blank fields, adds missing aliases and sets missing parents, so what a
curator changed or added in the admin survives every reload.

``migrate`` loads the shipped gazetteer too (``load_after_migrate``, connected
in ``StatementsConfig.ready``), once per version of the file: an archive set up
with ``migrate`` and ``import_statements`` alone has every alias, and an alias
a curator deleted is not put back by the next deployment's ``migrate``.
"""

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, transaction

from ..arabic import normalized_text
from ..models import Actor, GazetteerLoad, Place

# Each list of the file and the model its entries become.
FAMILIES: dict[str, type[models.Model]] = {"places": Place, "actors": Actor}
FIELDS = ("name_en", "name_ar", "kind", "parent", "aliases")
MAX_NAME_LENGTH = 300  # the max_length of the name and alias fields


def default_path() -> Path:
    return Path(__file__).parent / "data" / "gazetteer.json"


@dataclass(frozen=True)
class GazetteerEntry:
    number: int  # counted from 1 within its list, for error messages
    name_en: str
    name_ar: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]

    @property
    def key(self) -> str:
        """What names the entry in its list: its English name, else its Arabic one."""
        return self.name_en or self.name_ar

    def names(self) -> list[str]:
        """Every spelling of the entry, its own names first, each once."""
        names = (self.name_en, self.name_ar, *self.aliases)
        return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class LoadResult:
    """How many entries made a new record, changed one, or found it complete."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: "LoadResult") -> "LoadResult":
        return LoadResult(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


def load_gazetteer(path: Path | None = None) -> LoadResult:
    """Load a gazetteer file (default: the shipped one) in one transaction.

    Reads and checks the whole file first: a malformed entry raises ValueError
    naming it, and nothing is written. The file's SHA-256 is recorded
    (``GazetteerLoad``).
    """
    path = path or default_path()
    content = Path(path).read_bytes()
    families = read_gazetteer(path, content)
    result = LoadResult()
    with transaction.atomic():
        for family, entries in families.items():
            result += _load_family(FAMILIES[family], entries)
        GazetteerLoad.objects.update_or_create(
            sha256=hashlib.sha256(content).hexdigest(),
            defaults={"created": result.created, "updated": result.updated},
        )
    return result


def load_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """post_migrate: load the shipped gazetteer unless this version of it was.

    Not after ``flush`` (it sends post_migrate without a plan), nor when the
    archive's tables were migrated away, nor where the setting
    ``ARCHIVE_GAZETTEER_ON_MIGRATE`` is off (the tests make their own actors).
    """
    if (
        "plan" not in kwargs
        or using != DEFAULT_DB_ALIAS
        or not settings.ARCHIVE_GAZETTEER_ON_MIGRATE
        or not _has_table(kwargs["apps"])
    ):
        return
    sha256 = hashlib.sha256(default_path().read_bytes()).hexdigest()
    if GazetteerLoad.objects.filter(sha256=sha256).exists():
        return
    result = load_gazetteer()
    if verbosity:
        print(
            f"  Gazetteer loaded: {result.created} created, {result.updated} "
            f"updated, {result.unchanged} unchanged"
        )


def _has_table(state) -> bool:
    """Whether the migrated state has GazetteerLoad (not after migrating to zero)."""
    try:
        state.get_model("statements", "GazetteerLoad")
    except LookupError:
        return False
    return True


def read_gazetteer(path: Path, content: bytes) -> dict[str, list[GazetteerEntry]]:
    """The checked entries of a gazetteer file's ``content``, by list ("places",
    "actors"); ``path`` names the file in errors."""
    try:
        data = json.loads(content.decode("utf-8"))
    except ValueError as exc:  # also catches bytes that are not UTF-8
        raise ValueError(f"{path}: not a valid UTF-8 JSON file: {exc}") from exc
    if not isinstance(data, dict) or not set(data) <= set(FAMILIES):
        raise ValueError(
            f'{path}: the gazetteer must be a JSON object with "places" and "actors" '
            "lists"
        )
    families = {}
    for family, model in FAMILIES.items():
        raw_entries = data.get(family, [])
        if not isinstance(raw_entries, list):
            raise ValueError(f'{path}: "{family}" must be a list of entries')
        entries = [
            _parse_entry(number, raw, model)
            for number, raw in enumerate(raw_entries, start=1)
        ]
        _check_references(entries)
        families[family] = entries
    return families


def _where(number: int, name_en) -> str:
    return f"gazetteer entry {number} (name_en={name_en!r})"


def _parse_entry(number: int, raw, model: type[models.Model]) -> GazetteerEntry:
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        raise ValueError(f"gazetteer entry {number}: must be a JSON object, got {kind}")
    where = _where(number, raw.get("name_en"))
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        fields = ", ".join(FIELDS)
        raise ValueError(
            f"{where}: unknown field {unknown[0]!r}; the fields are {fields}"
        )
    kinds = model.Kind.values
    if raw.get("kind") not in kinds:
        raise ValueError(
            f"{where}: 'kind' must be one of {', '.join(kinds)} "
            f"for {model._meta.verbose_name_plural}, got {raw.get('kind')!r}"
        )
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list):
        raise ValueError(f"{where}: 'aliases' must be a list of names, got {aliases!r}")
    parent = raw.get("parent")
    name_ar = _checked_name(where, "name_ar", raw.get("name_ar", ""), required=False)
    return GazetteerEntry(
        number=number,
        # Without an Arabic name, the English name is required (it is the key).
        name_en=_checked_name(
            where, "name_en", raw.get("name_en", ""), required=not name_ar
        ),
        name_ar=name_ar,
        kind=raw["kind"],
        parent=None if parent is None else _checked_name(where, "parent", parent),
        aliases=tuple(_checked_name(where, "aliases", alias) for alias in aliases),
    )


def _checked_name(where: str, field: str, value, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: {field!r} must be a string, got {value!r}")
    if not value.strip():
        if required:
            raise ValueError(f"{where}: {field!r} must not be empty")
        return ""
    if not normalized_text(value):
        raise ValueError(
            f"{where}: {field!r} must hold letters or digits, got {value!r}"
        )
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{where}: {field!r} must be at most {MAX_NAME_LENGTH} characters, "
            f"got {len(value)}: {value[:40]!r}…"
        )
    return value


def _check_references(entries: list[GazetteerEntry]) -> None:
    """Each key once per list; each parent another entry of the list, no loops."""
    by_name: dict[str, GazetteerEntry] = {}
    for entry in entries:
        if entry.key in by_name:
            first = by_name[entry.key].number
            where = _where(entry.number, entry.name_en)
            raise ValueError(f"{where}: {entry.key!r} already names entry {first}")
        by_name[entry.key] = entry
    for entry in entries:
        seen = {entry.key}
        parent = entry.parent
        while parent is not None:
            where = _where(entry.number, entry.name_en)
            if parent not in by_name:
                raise ValueError(
                    f"{where}: 'parent' must be the name_en (or name_ar) of an entry "
                    f"in the same list, got {parent!r}"
                )
            if parent in seen:
                raise ValueError(f"{where}: 'parent' leads back to {parent!r}, a loop")
            seen.add(parent)
            parent = by_name[parent].parent


def _load_family(
    model: type[models.Model], entries: list[GazetteerEntry]
) -> LoadResult:
    known = _KnownAliases(model)
    entities = _match_existing(model, entries, known)
    status: dict[str, str] = {}
    for entry in entries:
        entity = entities.get(entry.key)
        if entity is None:
            entity = model.objects.create(
                name_en=entry.name_en, name_ar=entry.name_ar, kind=entry.kind
            )
            entities[entry.key] = entity
            status[entry.key] = "created"
        else:
            changed = _fill_blanks(entity, entry)
            status[entry.key] = "updated" if changed else "unchanged"
        if known.add_missing(entity, entry.names()):
            status[entry.key] = _after_change(status[entry.key])
    # Parents last: an entry may name a parent that comes later in the file.
    for entry in entries:
        parent = entities[entry.parent] if entry.parent else None
        if parent and _set_parent(entities[entry.key], parent):
            status[entry.key] = _after_change(status[entry.key])
    return LoadResult(**Counter(status.values()))


def _after_change(status: str) -> str:
    """A record this load created stays "created"; one found complete is "updated"."""
    return "updated" if status == "unchanged" else status


class _KnownAliases:
    """The aliases a model already has, read in one query instead of one per entry."""

    def __init__(self, model: type[models.Model]):
        relation = model._meta.get_field("aliases")
        rows = relation.related_model.objects.values_list(
            relation.field.attname, "name", "normalized"
        )
        self.names: dict[int, set[str]] = defaultdict(set)
        self.forms: set[str] = set()
        for pk, name, form in rows:
            self.names[pk].add(name)
            self.forms.add(form)

    def may_match(self, name: str) -> bool:
        """False when no stored alias has this normalized form: spares a query."""
        return normalized_text(name) in self.forms

    def add_missing(self, entity: models.Model, names: list[str]) -> int:
        """Store the names the record lacks as aliases; save() normalizes each."""
        missing = [name for name in names if name not in self.names[entity.pk]]
        for name in missing:
            entity.aliases.create(name=name)
        self.names[entity.pk].update(missing)
        return len(missing)


def _match_existing(
    model: type[models.Model], entries: list[GazetteerEntry], known: _KnownAliases
) -> dict[str, models.Model]:
    """The records the entries already have, keyed by the entries' keys.

    A record is found by its name_en first, then by any of the entry's spellings.
    Name matches are taken first, so that an alias cannot hand one entry's record
    to another; a spelling shared by several records matches none of them.
    """
    by_name_en: dict[str, models.Model] = {}
    for entity in model.objects.exclude(name_en="").order_by("pk"):
        by_name_en.setdefault(entity.name_en, entity)
    matched = {e.key: by_name_en[e.name_en] for e in entries if e.name_en in by_name_en}
    claimed = {entity.pk for entity in matched.values()}
    for entry in entries:
        if entry.key in matched:
            continue
        for name in filter(known.may_match, entry.names()):
            found = [e for e in model.objects.by_alias(name) if e.pk not in claimed]
            if len(found) == 1:
                matched[entry.key] = found[0]
                claimed.add(found[0].pk)
                break
    return matched


def _fill_blanks(entity: models.Model, entry: GazetteerEntry) -> bool:
    """Fill what the record leaves blank, keep a curator's values; True if changed."""
    changed = []
    for field in ("name_en", "name_ar"):
        if not getattr(entity, field) and getattr(entry, field):
            setattr(entity, field, getattr(entry, field))
            changed.append(field)
    # "other" is the model's default: a record still on it was never classified.
    if entity.kind == entity.Kind.OTHER and entry.kind != entity.Kind.OTHER:
        entity.kind = entry.kind
        changed.append("kind")
    if changed:
        entity.save(update_fields=changed)
    return bool(changed)


def _set_parent(entity: models.Model, parent: models.Model) -> bool:
    """Set the record's parent unless it has one, maybe a curator's; True if set."""
    if entity.parent_id is not None or entity.pk == parent.pk:
        return False
    entity.parent = parent
    entity.save(update_fields=["parent"])
    return True
