"""Pronoun and common-noun mentions ("we", "he", "the city", "the international community").

Some annotation schemes (re3d, ACE) mark every expression that refers to an entity, not only
names. ``claimgraph ner --mentions all`` adds these: a pronoun or a noun phrase whose head noun
is in ``resources/lexicons/referring.yaml``, linked to the entity it most likely refers to
(the nearest earlier mention of the same kind; for a noun phrase, one whose name holds the
noun). The table is derived from re3d's training documents by ``python -m
claimgraph.models.train --stage referring``: a pronoun or head noun is kept when re3d marks
it as a mention at least two times in five and often enough to count.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import yaml

from claimgraph.models import data as gold
from claimgraph.models.recognize import NerMention, _mention, coverage
from claimgraph.models.wordnet import WordNet
from claimgraph.nlp.ner_model import TaggedToken
from claimgraph.resources import load_yaml

TABLE = "lexicons/referring.yaml"
TABLE_PATH = Path(__file__).resolve().parents[1] / "resources" / TABLE
# The pronouns considered (a closed class); the table keeps those re3d marks often enough.
PRONOUNS = (
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them",
    "my", "our", "your", "his", "its", "their",
)  # fmt: skip
PRONOUN_TAGS = frozenset({"PRP", "PRP$"})
NOUN_TAGS = frozenset({"NN", "NNS"})
MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "VBG", "CD"})
DETERMINER_TAGS = frozenset({"DT", "PRP$"})
NOT_DETERMINERS = frozenset({"that", "which", "what", "whatever", "all", "both", "each"})
MIN_RATE = 0.4
MIN_PRONOUN_SEEN = 5
MIN_NOUN_MARKED = 3
SPEAKER_PRONOUNS = frozenset({"we", "us", "our"})
Tagger = Callable[[str], tuple[list[tuple[int, int, str]], list[TaggedToken]]]


# ----------------------------------------------------------------------------- the table

# WordNet classes of head nouns: a noun's first sense under one of these synsets (word, sense
# number), or in one of these lexicographer files.
CLASS_ANCHORS = (
    ("weapon", "weapon", 1),
    ("vehicle", "vehicle", 1),
    ("vehicle", "craft", 2),
    ("facility", "structure", 1),
    ("facility", "facility", 1),
    ("facility", "way", 6),
)
LEXNAME_CLASSES = ("group", "location", "person", "time")
MAX_EXCEPTION_RATE = 0.2
Key = tuple[str, str]


def derive_table(
    docs: Iterable[gold.GoldDoc], tagger: Tagger, wordnet: WordNet | None = None
) -> dict[str, dict]:
    """Pronouns and head nouns re3d marks as mentions, with their usual label: pronouns one by
    one, nouns by WordNet class and number ("facility singular") and one by one."""
    classes = NounClasses(wordnet or WordNet())
    seen: Counter[Key] = Counter()
    marked: dict[Key, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        labels_at: dict[tuple[int, int], set[str]] = defaultdict(set)
        labels_ending: dict[int, set[str]] = defaultdict(set)
        for start, end, label in doc.mentions:
            labels_at[(start, end)].add(label)
            labels_ending[end].add(label)
        for token in tagger(doc.text)[1]:
            kind = _kind(token)
            if kind is None:
                continue
            at = (token.start, token.end)
            found = labels_at[at] if kind == "pronoun" else labels_ending[token.end]
            for key in _keys(kind, token, classes):
                seen[key] += 1
                for label in found:
                    marked[key][label] += 1
    return _table_from_counts(seen, marked, classes)


def _kind(token: TaggedToken) -> str | None:
    """'pronoun', 'noun' (a lower-case common noun) or None."""
    if token.tag in PRONOUN_TAGS and token.text.lower() in PRONOUNS:
        # "HE" before a name is an honorific (His Excellency), not a pronoun.
        return "pronoun" if token.text == "I" or not token.text.isupper() else None
    if token.tag in NOUN_TAGS and token.text.isalpha() and token.text.islower():
        return "noun"
    return None


def _keys(kind: str, token: TaggedToken, classes: NounClasses) -> list[Key]:
    if kind == "pronoun":
        return [("pronoun", token.text.lower())]
    lemma = token.lemma.lower()
    keys = [("noun", lemma)]
    noun_class = classes.of(lemma)
    if noun_class is not None:
        keys.append(("class", f"{noun_class} {_number(token)}"))
    return keys


def _number(token: TaggedToken) -> str:
    return "plural" if token.tag == "NNS" else "singular"


def _table_from_counts(
    seen: Counter[Key], marked: dict[Key, Counter[str]], classes: NounClasses
) -> dict[str, dict]:
    kept: dict[Key, dict] = {}
    for key, labels in marked.items():
        label, count = labels.most_common(1)[0]
        enough = seen[key] >= MIN_PRONOUN_SEEN if key[0] == "pronoun" else count >= MIN_NOUN_MARKED
        if enough and count / seen[key] >= MIN_RATE:
            kept[key] = {"label": label, "marked": count, "seen": seen[key]}
    exceptions = {
        word: {"marked": sum(marked[("noun", word)].values()), "seen": n}
        for (kind, word), n in seen.items()
        if kind == "noun"
        and n >= MIN_NOUN_MARKED
        and sum(marked[("noun", word)].values()) / n < MAX_EXCEPTION_RATE
        and classes.of(word) is not None
    }
    own = {name: entry["label"] for (kind, name), entry in kept.items() if kind == "noun"}
    nouns: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (kind, name), entry in kept.items():
        if kind == "class":
            noun_class, number = name.split()
            words = set(classes.members(noun_class)) - set(exceptions) - set(own)
            nouns[entry["label"]][number] |= words
    for word, label in own.items():
        for number in ("singular", "plural"):
            nouns[label][number].add(word)
    return {
        "pronouns": {w: e for (k, w), e in sorted(kept.items()) if k == "pronoun"},
        "classes": {c: e for (k, c), e in sorted(kept.items()) if k == "class"},
        "words": {w: e for (k, w), e in sorted(kept.items()) if k == "noun"},
        "exceptions": dict(sorted(exceptions.items())),
        "nouns": {
            label: {number: sorted(words) for number, words in sorted(by_number.items())}
            for label, by_number in sorted(nouns.items())
        },
    }


class NounClasses:
    """The WordNet class of a lower-case noun lemma (its first sense), and each class's
    members."""

    def __init__(self, wordnet: WordNet) -> None:
        self.wordnet = wordnet
        self.anchors = [(name, wordnet.senses[word][n - 1]) for name, word, n in CLASS_ANCHORS]

    def of(self, lemma: str) -> str | None:
        synset = self.wordnet.first_sense(lemma)
        if synset is None:
            return None
        above = self.wordnet.ancestors(synset) | {synset.offset}
        for name, offset in self.anchors:
            if offset in above:
                return name
        return synset.lexname if synset.lexname in LEXNAME_CLASSES else None

    def members(self, noun_class: str) -> list[str]:
        return [
            lemma
            for lemma in self.wordnet.common_nouns()
            if lemma.isalpha() and self.of(lemma) == noun_class
        ]


def write_table(table: dict[str, dict], path: Path = TABLE_PATH) -> Path:
    """Write the table with a header naming its sources."""
    header = (
        "# Pronouns and head nouns that refer to entities, with the label re3d gives them.\n"
        "# source: derived by `python -m claimgraph.models.train --stage referring` from the\n"
        "#   mention counts of re3d's training documents (Dstl, see ../shared/data/re3d) and\n"
        "#   the noun classes of WordNet 3.0 (Debian wordnet-base).\n"
        "# licence: Apache-2.0 (project data). Word lists from WordNet 3.0: Copyright 2006 by\n"
        "#   Princeton University. All rights reserved. Permission to use, copy, modify and\n"
        "#   distribute without fee is granted provided this notice appears; WordNet is\n"
        "#   provided as is, without warranties of merchantability or fitness for purpose.\n"
        f"# kept: marked at least {MIN_RATE:.0%} of the times seen (pronouns seen at least\n"
        f"#   {MIN_PRONOUN_SEEN} times, nouns and classes marked at least {MIN_NOUN_MARKED}"
        " times);\n"
        f"#   exceptions: nouns of a kept class marked under {MAX_EXCEPTION_RATE:.0%} of the"
        " time.\n"
        "# nouns: what the recogniser reads (label -> number -> lemmas); the rest is the record.\n"
    )
    path.write_text(header + yaml.safe_dump(table, sort_keys=False, allow_unicode=True, width=100))
    return path


@cache
def _table() -> dict[str, dict]:
    return load_yaml(TABLE)


@cache
def _noun_labels() -> dict[tuple[str, str], str]:
    """(number, lemma) -> label."""
    return {
        (number, lemma): label
        for label, by_number in _table()["nouns"].items()
        for number, lemmas in by_number.items()
        for lemma in lemmas
    }


def _label(token: TaggedToken) -> str | None:
    """The label a pronoun or head noun gets, if the table keeps it."""
    kind = _kind(token)
    if kind == "pronoun":
        entry = _table()["pronouns"].get(token.text.lower())
        return str(entry["label"]) if entry else None
    if kind == "noun":
        return _noun_labels().get((_number(token), token.lemma.lower()))
    return None


def with_referring_mentions(
    text: str, found: list[NerMention], tokens: list[TaggedToken]
) -> list[NerMention]:
    """Add pronoun and noun-phrase mentions not already covered by a found mention."""
    out = list(found)
    covered = coverage(len(text), ((m.start, m.end) for m in found))
    antecedents = Antecedents(found)
    for i, token in enumerate(tokens):
        label = _label(token)
        if label is None or any(covered[token.start : token.end]):
            continue
        start = token.start if token.tag in PRONOUN_TAGS else _phrase_start(text, tokens, i)
        antecedent = antecedents.before(start, label, token.text.lower())
        out.append(_referring(text, start, token.end, label, antecedent))
    return sorted(out, key=lambda m: (m.start, -m.end))


def _phrase_start(text: str, tokens: list[TaggedToken], head: int) -> int:
    """Where the noun phrase ending at ``tokens[head]`` begins: adjectives and nouns before
    the head on the same line, then a determiner or possessive ("the international
    community")."""
    j = head
    while j > 0 and tokens[j - 1].tag in MODIFIER_TAGS and _adjacent(text, tokens, j):
        j -= 1
    if j > 0 and _adjacent(text, tokens, j) and _determiner(tokens[j - 1]):
        return tokens[j - 1].start
    # Without a determiner, an -ing word before the noun is a verb ("helping civilians").
    while j < head and tokens[j].tag == "VBG":
        j += 1
    return tokens[j].start


def _determiner(token: TaggedToken) -> bool:
    return token.tag in DETERMINER_TAGS and token.text.lower() not in NOT_DETERMINERS


def _adjacent(text: str, tokens: list[TaggedToken], j: int) -> bool:
    """Is token ``j`` separated from the one before it by at most one space?"""
    return text[tokens[j - 1].end : tokens[j].start] in ("", " ")


class Antecedents:
    """The named mentions a pronoun or noun phrase can refer to, by label and by the words of
    their entity's name, each list in text order (a lookup is a binary search, not a scan)."""

    def __init__(self, found: list[NerMention]) -> None:
        self.by_key: dict[tuple[str, str], tuple[list[int], list[NerMention]]] = {}
        # Of mentions ending at the same place, a known entity sorts last (it wins).
        for m in sorted(found, key=lambda m: (m.end, "gazetteer" in m.how)):
            words = {w.rstrip("s") for w in m.entity_name.lower().split()}
            for key in [(m.coarse, "")] + [(m.coarse, w) for w in words]:
                ends, mentions = self.by_key.setdefault(key, ([], []))
                ends.append(m.end)
                mentions.append(m)

    def before(self, start: int, label: str, word: str) -> NerMention | None:
        """The nearest earlier mention of the label (for a noun phrase, one whose name holds
        the noun: "the coalition" after "the Global Coalition"); none for "we" and "us",
        whose speaker the text rarely names."""
        if word in SPEAKER_PRONOUNS:
            return None
        key = (label, "" if word in PRONOUNS else word.rstrip("s"))
        ends, mentions = self.by_key.get(key, ([], []))
        at = bisect_right(ends, start)
        return mentions[at - 1] if at else None


def _referring(
    text: str, start: int, end: int, label: str, antecedent: NerMention | None
) -> NerMention:
    mention = _mention(text, start, end, label, None, "referring")
    if antecedent is not None:
        mention.entity_id = antecedent.entity_id
        mention.entity_name = antecedent.entity_name
        mention.type = antecedent.type
    return mention
