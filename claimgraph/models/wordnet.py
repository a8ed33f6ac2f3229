"""A minimal reader of the WordNet 3.0 noun database, used at build time only.

``python -m claimgraph.models.train --stage referring`` reads it (Debian package
``wordnet-base``: ``/usr/share/wordnet``) to sort head nouns into semantic classes: places and
facilities, groups of people, persons, weapons and vehicles. Only the derived word lists ship
with claimgraph; nothing here runs when users analyse text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DEFAULT_DIR = Path("/usr/share/wordnet")
LEXNAMES = {14: "group", 15: "location", 18: "person", 28: "time", 6: "artifact"}


class WordNetMissingError(RuntimeError):
    """The WordNet database files are not installed."""


@dataclass
class Synset:
    offset: str
    lexname: str
    lemmas: list[str]  # as written ("Paris", "city", "air_base")
    hypernyms: list[str] = field(default_factory=list)


class WordNet:
    """Nouns, their senses in frequency order and their hypernyms."""

    def __init__(self, folder: Path = DEFAULT_DIR) -> None:
        if not (folder / "data.noun").is_file():
            raise WordNetMissingError(
                f"WordNet not found in {folder} (Debian: apt-get install wordnet-base)"
            )
        self.folder = folder

    @cached_property
    def synsets(self) -> dict[str, Synset]:
        out: dict[str, Synset] = {}
        for line in (self.folder / "data.noun").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            count = int(parts[3], 16)
            lemmas = [parts[4 + 2 * i] for i in range(count)]
            rest = 4 + 2 * count
            pointers = int(parts[rest])
            hypernyms = [
                parts[rest + 2 + 4 * i]
                for i in range(pointers)
                if parts[rest + 1 + 4 * i] in ("@", "@i")
            ]
            lexname = LEXNAMES.get(int(parts[1]), parts[1])
            out[parts[0]] = Synset(parts[0], lexname, lemmas, hypernyms)
        return out

    @cached_property
    def senses(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for line in (self.folder / "index.noun").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            count = int(parts[2])
            out[parts[0]] = parts[-count:]
        return out

    def words(self) -> set[str]:
        """Every lemma of every part of speech (nouns, verbs, adjectives, adverbs)."""
        out: set[str] = set()
        for pos in ("noun", "verb", "adj", "adv"):
            for line in (self.folder / f"index.{pos}").read_text(encoding="latin-1").splitlines():
                if not line.startswith(" "):
                    out.add(line.split(" ", 1)[0])
        return out

    def first_sense(self, lemma: str) -> Synset | None:
        offsets = self.senses.get(lemma.lower())
        return self.synsets[offsets[0]] if offsets else None

    def sense(self, lemma: str, number: int) -> Synset:
        return self.synsets[self.senses[lemma][number - 1]]

    def common_nouns(self) -> list[str]:
        """Index lemmas whose first sense is written in lower case (not "Paris")."""
        out = []
        for lemma, offsets in self.senses.items():
            forms = self.synsets[offsets[0]].lemmas
            if any(form == lemma for form in forms):
                out.append(lemma)
        return out

    def ancestors(self, synset: Synset) -> set[str]:
        """Offsets of every hypernym above a synset."""
        seen: set[str] = set()
        todo = list(synset.hypernyms)
        while todo:
            offset = todo.pop()
            if offset not in seen:
                seen.add(offset)
                todo.extend(self.synsets[offset].hypernyms)
        return seen
