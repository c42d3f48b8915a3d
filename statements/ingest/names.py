"""The vocabulary a file names: types, actors, places and tags, found or created.

Names are matched on their normalized form (``arabic.normalized_text``), so
قسد, قسد with diacritics and an alias of the same actor are one actor.
"""

from ..arabic import normalized_text
from ..models import (
    Actor,
    ActorAlias,
    Place,
    PlaceAlias,
    StatementType,
    Tag,
)
from .records import StatementRecord


class Names:
    """Finds types, actors, places and tags by any name, creating what is missing.

    One per file, inside its transaction: what it creates vanishes with a rollback.
    """

    def __init__(self):
        self.types = {}
        for t in StatementType.objects.all():
            for name in (t.code, t.name_ar, t.name_en):
                if name:
                    self.types[normalized_text(name)] = t.pk
        self.actors = dict(ActorAlias.objects.values_list("normalized", "actor_id"))
        self.places = dict(PlaceAlias.objects.values_list("normalized", "place_id"))
        self.tags = {
            normalized_text(name): pk
            for pk, name in Tag.objects.values_list("pk", "name")
        }

    def type_id(self, code: str) -> int:
        # "press_release" is the code of the type named "press release".
        keys = [normalized_text(code), normalized_text(code.replace("_", " "))]
        found = next((self.types[k] for k in keys if k in self.types), None)
        if found is None:
            english = code.isascii()
            found = StatementType.objects.create(
                code=code,
                name_en=code.replace("_", " ") if english else "",
                name_ar="" if english else code.replace("_", " "),
            ).pk
            self.types.update(dict.fromkeys(keys, found))
        return found

    def _named(self, name: str, table: dict, model, alias_model, link: str) -> int:
        key = normalized_text(name)
        if key not in table:
            arabic = not name.isascii()
            entity = model.objects.create(
                name_ar=name if arabic else "", name_en="" if arabic else name
            )
            alias_model.objects.create(**{link: entity}, name=name)
            table[key] = entity.pk
        return table[key]

    def actor_id(self, name: str) -> int:
        return self._named(name, self.actors, Actor, ActorAlias, "actor")

    def place_id(self, name: str) -> int:
        return self._named(name, self.places, Place, PlaceAlias, "place")

    def tag_id(self, name: str) -> int:
        key = normalized_text(name)
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(name=name).pk
        return self.tags[key]

    def relations(self, record: StatementRecord) -> dict[str, set[int]]:
        return {
            "tags": {self.tag_id(n) for n in record.tags},
            "places": {self.place_id(n) for n in record.places},
            "actors": {self.actor_id(n) for n in record.actors},
        }
