"""Sentence splitting and tokens keep offsets into the clean text."""

from claimgraph.nlp.tokens import split_line, split_sentences
from claimgraph.text.clean import build_document


def test_abbreviations_do_not_split() -> None:
    line = "Gen. Smith met U.S. officials on Dec. 27. They agreed. A deal followed."
    parts = [line[s:e] for s, e in split_line(line)]
    assert parts == [
        "Gen. Smith met U.S. officials on Dec. 27.",
        "They agreed.",
        "A deal followed.",
    ]


def test_sentence_kinds_and_offsets() -> None:
    doc = build_document(
        "A heading here\n\nIran sent drones. Sudan denied it.\n- 12 drones\nBy Ana Ruiz\n"
    )
    sentences = split_sentences(doc)
    kinds = [(s.kind, s.text) for s in sentences]
    assert ("heading", "A heading here") in kinds
    assert ("list_item", "- 12 drones") in kinds
    assert ("meta", "By Ana Ruiz") in kinds
    for s in sentences:
        assert doc.text[s.start : s.end] == s.text
        for tok in s.tokens:
            assert doc.text[tok.start : tok.end] == tok.text
