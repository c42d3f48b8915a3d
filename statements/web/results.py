"""What a results page shows besides the hits: facet groups and removable filter chips.

groups = facet_groups(response)   # checkboxes with counts, chosen ones ticked
chips = filter_chips(response)    # one per chosen filter value, with its label
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..arabic.languages import language_name
from ..search import FILTERS, SearchResponse, labelled_facets

# Facet of the search service → heading on the page, in the order shown.
HEADINGS = {
    "issuer": _("Issuer"),
    "type": _("Type"),
    "place": _("Place"),
    "tag": _("Tag"),
    "lang": _("Language"),
    "year": _("Year"),
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str  # the URL parameter (issuer, type…); "year" sets the dates
    heading: str
    values: list[FacetValue]


@dataclass(frozen=True)
class Chip:
    name: str
    value: str
    label: str
    # Among the checkboxes; when not (no result has it), a hidden input keeps it.
    shown: bool = True


def _labelled(facets: dict) -> dict[str, list[tuple[str, str, int]]]:
    labelled = labelled_facets(facets)
    if "lang" in labelled:
        labelled["lang"] = [(v, language_name(v), n) for v, _, n in labelled["lang"]]
    return labelled


def facet_groups(response: SearchResponse) -> list[FacetGroup]:
    labelled = _labelled(response.facets)
    groups = []
    for name, heading in HEADINGS.items():
        chosen = set(getattr(response.request, name, ()))
        values = [
            FacetValue(value, label, count, value in chosen)
            for value, label, count in labelled.get(name, [])
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        if values:
            groups.append(FacetGroup(name, str(heading), values))
    return groups


def filter_chips(response: SearchResponse, groups: list[FacetGroup]) -> list[Chip]:
    """The chosen filters, labelled as their facets are (an id shows as a name).

    Labels come from the checkboxes; only a value no result has (so no
    checkbox) is looked up again.
    """
    request = response.request
    shown = {(g.name, v.value): v.label for g in groups for v in g.values}
    hidden = {
        name: [(v, 0) for v in getattr(request, name) if (name, v) not in shown]
        for name in FILTERS
    }
    looked_up = _labelled(hidden) if any(hidden.values()) else {}
    labels = shown | {
        (name, value): label
        for name, values in looked_up.items()
        for value, label, _count in values
    }
    chips = [
        Chip(name, value, labels[name, value], (name, value) in shown)
        for name in FILTERS
        for value in getattr(request, name)
    ]
    for name, label in (("date_from", _("from %s")), ("date_to", _("to %s"))):
        day = getattr(request, name)
        if day:
            chips.append(Chip(name, "", str(label) % day.isoformat()))
    return chips
