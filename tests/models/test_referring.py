"""Pronoun and noun-phrase mentions, and the table they come from (WordNet classes plus
re3d-style counts), on small hand-written inputs."""

from __future__ import annotations

import re
from pathlib import Path

from claimgraph.models import data as gold
from claimgraph.models.recognize import NerMention
from claimgraph.models.referring import derive_table, with_referring_mentions
from claimgraph.models.wordnet import WordNet
from claimgraph.nlp.ner_model import TaggedToken

TAGS = {
    "we": "PRP", "We": "PRP", "he": "PRP", "He": "PRP", "was": "VBD", "The": "DT", "the": "DT",
    "hospital": "NN", "city": "NN",
    "coalition": "NN", "civilians": "NNS", "innocent": "JJ", "meeting": "NN", "said": "VBD",
    "shelled": "VBD", "left": "VBD", "HE": "PRP", "Dr": "NNP", "Okoro": "NNP", "Mayor": "NNP",
}  # fmt: skip
LEMMAS = {"civilians": "civilian"}


def tag(text: str) -> list[TaggedToken]:
    return [
        TaggedToken(m.start(), m.end(), m.group(), TAGS.get(m.group(), "NN"), _lemma(m.group()))
        for m in re.finditer(r"\w+|[^\w\s]", text)
    ]


def _lemma(word: str) -> str:
    return LEMMAS.get(word, word.lower())


def named(text: str, part: str, coarse: str, entity: str) -> NerMention:
    start = text.index(part)
    kind = {"PER": "person", "ORG": "organization"}[coarse]
    return NerMention(start, start + len(part), part, coarse, kind, entity, part, "model")


def test_pronouns_and_noun_phrases_link_to_antecedents() -> None:
    text = "Mayor Ana Ruiz said the hospital was shelled. He said innocent civilians left."
    found = [named(text, "Ana Ruiz", "PER", "per:ana-ruiz")]
    out = {m.text: m for m in with_referring_mentions(text, found, tag(text))}
    assert out["He"].coarse == "PER" and out["He"].entity_id == "per:ana-ruiz"
    assert out["the hospital"].coarse == "LOC"
    assert out["innocent civilians"].coarse == "ORG"
    assert "said" not in out


def test_honorific_he_and_covered_words_are_not_mentions() -> None:
    text = "HE Dr Okoro met the Coalition Command."
    found = [named(text, "the Coalition Command", "ORG", "org:coalition-command")]
    out = with_referring_mentions(text, found, tag(text))
    assert [m.text for m in out] == ["the Coalition Command"]


def _write_wordnet(folder: Path) -> Path:
    """A tiny WordNet in the database's own format (entries written for this test)."""
    synsets = [
        ("00000001", "03", "entity", ""),
        ("00000002", "06", "structure", "00000001"),
        ("00000003", "06", "hospital", "00000002"),
        ("00000004", "14", "coalition", "00000001"),
        ("00000005", "18", "civilian", "00000001"),
        ("00000006", "06", "facility", "00000001"),
        ("00000007", "06", "weapon", "00000001"),
        ("00000008", "06", "vehicle", "00000001"),
        ("00000009", "06", "craft", "00000001"),
        ("00000010", "06", "way", "00000001"),
        ("00000011", "14", "meeting", "00000001"),
        ("00000012", "06", "clinic", "00000002"),
    ]
    data = ["  1 This is a test database header line."]
    for offset, lexname, word, parent in synsets:
        pointer = f"001 @ {parent} n 0000" if parent else "000"
        data.append(f"{offset} {lexname} n 01 {word} 0 {pointer} | gloss")
    index = [f"{word} n 1 0 1 0 {offset}" for offset, _, word, _ in synsets]
    index = [line for line in index if not line.startswith(("craft", "way"))]
    index += ["craft n 2 0 2 0 00000001 00000009"]
    index += ["way n 6 0 6 0 " + " ".join(["00000001"] * 5 + ["00000010"])]
    (folder / "data.noun").write_text("\n".join(data) + "\n")
    (folder / "index.noun").write_text("\n".join(sorted(index)) + "\n")
    return folder


def _doc(text: str, *marked: tuple[str, str]) -> gold.GoldDoc:
    doc = gold.GoldDoc("d", text)
    for part, label in marked:
        start = text.index(part)
        doc.mentions.append((start, start + len(part), label))
    return doc


def test_table_keeps_classes_and_words_marked_often(tmp_path: Path) -> None:
    docs = [
        _doc("We said the hospital was shelled.", ("We", "ORG"), ("the hospital", "LOC")),
        _doc("The hospital said we left.", ("The hospital", "LOC"), ("we", "ORG")),
        _doc("The coalition said the hospital left.", ("The coalition", "ORG")),
        _doc("The meeting said the meeting left the meeting."),
        _doc("we said we left; we shelled.", ("we", "ORG")),
        _doc("the hospital said we left.", ("the hospital", "LOC"), ("we", "ORG")),
    ]
    table = derive_table(docs, lambda text: ([], tag(text)), WordNet(_write_wordnet(tmp_path)))
    assert table["pronouns"]["we"]["label"] == "ORG"
    assert table["classes"]["facility singular"]["label"] == "LOC"
    # The class brings words never seen in the documents ("clinic").
    assert "clinic" in table["nouns"]["LOC"]["singular"]
    assert "coalition" not in table["words"]  # marked once only
    assert "meeting" not in str(table["nouns"])
