"""Places: cities (GeoNames, via resources/places/cities.tsv) and seas, straits, islands and
regions (resources/places/features.yaml), each with its country where it has one.

Cities whose names are also English words ("Reading", "Mobile") only match after a place word
("in", "near", "the port of").
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from claimgraph.nlp.gazetteer import Gazetteer
from claimgraph.resources import load_yaml


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@cache
def load_places() -> Gazetteer:
    """Places as a gazetteer of `location` entries (ambiguous ones flagged)."""
    places = Gazetteer()
    for feature in load_yaml("places/features.yaml")["features"]:
        places.add({"id": f"place:{_slug(feature['name'])}", "type": "location", **feature})
    table = resources.files("claimgraph.resources").joinpath("places/cities.tsv")
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, country, _population, ambiguous = line.split("\t")
        entity_id = f"place:{_slug(name)}"
        if entity_id in places.entries:
            continue
        places.add(
            {
                "id": entity_id,
                "name": name,
                "type": "location",
                "country": country,
                "ambiguous": ambiguous == "1",
            }
        )
    return places


def country_of_place(name: str) -> str | None:
    """The country of a named place, if the place tables know it."""
    entry = load_places().entries.get(f"place:{_slug(name)}")
    return entry.get("country") if entry else None
