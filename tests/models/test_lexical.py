"""The lexical features the NER reads beside the shared tok2vec."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from claimgraph.models.lexical import FEATURES, lexicon_listener, token_features  # noqa: E402


def features_of(text: str) -> dict[str, set[str]]:
    doc = spacy.blank("en")(text)
    rows = token_features(doc)
    assert rows.shape == (len(doc), len(FEATURES))
    return {
        t.text: {FEATURES[i] for i in row.nonzero()[0]} for t, row in zip(doc, rows, strict=True)
    }


def test_names_titles_states_and_demonyms() -> None:
    found = features_of("General Tobias Okafor of the Syrian army flew to Russia.")
    assert "given_name" in found["Tobias"]
    assert "title" in found["General"]
    assert "demonym" in found["Syrian"]
    assert "state_word" in found["Russia"]
    assert "organisation_head" in found["army"]
    assert found["flew"] == set() and found["of"] == set()


def test_noun_classes_only_for_common_nouns() -> None:
    found = features_of("The hospital and the Hospital Trust.")
    assert "noun_LOC" in found["hospital"]
    assert not any(f.startswith("noun_") for f in found["Hospital"])


def test_empty_document_and_output_width() -> None:
    assert token_features(spacy.blank("en")("")).shape == (0, len(FEATURES))
    assert lexicon_listener(96).get_dim("nO") == 96 + len(FEATURES)
