"""Lexical knowledge as NER input: what claimgraph's word lists say about each token.

``claimgraph.LexiconListener.v1`` feeds the NER the shared tok2vec's vectors plus a fixed
0/1 vector per token: is it a given name, a person's title, a word of a known state,
organisation or person name (single word or part of a longer name), a demonym, a city or
region name, a head word of organisation or place names, a noun of one of the classes in
``lexicons/referring.yaml``. A statistical tagger trained on a few thousand mentions cannot
learn that "Samarra" is a town or "Tobias" a given name; the lists know. The features have no
weights of their own; the NER's hidden layer learns how much to trust each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import cast

import numpy as np
from spacy.attrs import IS_LOWER, LOWER, ORTH
from spacy.ml.models.tok2vec import Tok2VecListener
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d

from claimgraph.nlp.gazetteer import Gazetteer, load_gazetteer
from claimgraph.nlp.places import load_places
from claimgraph.resources import load_yaml

FEATURES = (
    "given_name",
    "title",
    "state_word",
    "state_part",
    "organisation_word",
    "organisation_part",
    "person_word",
    "person_part",
    "demonym",
    "place_word",
    "place_part",
    "organisation_head",
    "place_head",
    "noun_LOC",
    "noun_ORG",
    "noun_DATE",
    "noun_PLATFORM",
    "noun_WEAPON",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_NOUN_COLUMNS = [i for name, i in _INDEX.items() if name.startswith("noun_")]


@registry.architectures("claimgraph.LexiconListener.v1")
def lexicon_listener(width: int, upstream: str = "*") -> Model[list[Doc], list[Floats2d]]:
    """The shared tok2vec's vectors (``width``) followed by the lexical features."""
    listener = Tok2VecListener(upstream_name=upstream, width=width)
    return Model(
        "lexicon_listener",
        _forward,
        layers=[listener],
        dims={"nO": width + len(FEATURES)},
    )


def _forward(
    model: Model, docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable[[list[Floats2d]], list[Doc]]]:
    listener = model.layers[0]
    vectors, backprop_listener = listener(docs, is_train)
    width = listener.get_dim("nO")
    out = [
        model.ops.xp.hstack([v, model.ops.asarray2f(cast(Floats2d, token_features(doc)))])
        for v, doc in zip(vectors, docs, strict=True)
    ]

    def backprop(d_out: list[Floats2d]) -> list[Doc]:
        return backprop_listener([d[:, :width] for d in d_out])

    return out, backprop


def token_features(doc: Doc) -> np.ndarray:
    """The (tokens x FEATURES) 0/1 matrix of a document (array operations only: it runs on
    every token the NER reads)."""
    keys, rows = _table()
    if not len(doc):
        return np.zeros((0, len(FEATURES)), dtype="float32")
    lower, orth, is_lower = doc.to_array([LOWER, ORTH, IS_LOWER]).astype("uint64").T
    where = np.searchsorted(keys, lower)
    where[where >= len(keys)] = 0
    found = keys[where] == lower
    out = np.zeros((len(doc), len(FEATURES)), dtype="float32")
    out[found] = rows[where[found]]
    names = _given_names()
    at = np.minimum(np.searchsorted(names, orth), len(names) - 1)
    out[:, _INDEX["given_name"]] = names[at] == orth
    # Noun classes speak of common nouns: "hospital", not "John" (a WordNet noun too).
    out[:, _NOUN_COLUMNS] *= is_lower[:, None]
    return out


@cache
def _given_names() -> np.ndarray:
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    names = load_yaml("lexicons/first_names.yaml")["names"]
    return np.array(sorted(hash_string(str(n)) for n in names), dtype="uint64")


@cache
def _table() -> tuple[np.ndarray, np.ndarray]:
    """Sorted lower-case word hashes and their feature rows."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    words: dict[str, set[str]] = {}
    for word, feature in _word_features():
        words.setdefault(word, set()).add(feature)
    keys = np.array([hash_string(w) for w in words], dtype="uint64")
    rows = np.zeros((len(words), len(FEATURES)), dtype="float32")
    for i, features in enumerate(words.values()):
        rows[i, [_INDEX[f] for f in features]] = 1.0
    order = np.argsort(keys)
    return keys[order], rows[order]


def _word_features() -> Iterable[tuple[str, str]]:
    yield from _gazetteer_words(load_gazetteer())
    yield from _place_words(load_places())
    titles = load_yaml("lexicons/entity_patterns.yaml")["types"]["person"]["before"]
    yield from ((str(t).lower(), "title") for t in titles if " " not in str(t))
    heads = load_yaml("lexicons/entity_patterns.yaml")["name_heads"]
    yield from ((str(h).lower(), "organisation_head") for h in heads)
    place_heads = load_yaml("lexicons/places.yaml")["name_heads"]
    yield from ((str(h).lower(), "place_head") for h in place_heads)
    nouns = load_yaml("lexicons/referring.yaml")["nouns"]
    for label, by_number in nouns.items():
        if f"noun_{label}" in _INDEX:
            for lemmas in by_number.values():
                yield from ((str(w), f"noun_{label}") for w in lemmas)


_KIND = {"state": "state", "person": "person"}


def _gazetteer_words(gaz: Gazetteer) -> Iterable[tuple[str, str]]:
    stop = {str(w) for w in load_yaml("lexicons/stopwords.yaml")["en"]}
    for key, surfaces in gaz.index.items():
        for surface in surfaces:
            etype = str(gaz.entries[surface.entity_id].get("type", ""))
            if surface.how == "demonym":
                if len(key) == 1:
                    yield key[0], "demonym"
                continue
            kind = _KIND.get(etype, "organisation")
            if len(key) == 1:
                yield key[0], f"{kind}_word"
            else:
                yield from ((w, f"{kind}_part") for w in key if w.isalpha() and w not in stop)


def _place_words(places: Gazetteer) -> Iterable[tuple[str, str]]:
    stop = {str(w) for w in load_yaml("lexicons/stopwords.yaml")["en"]}
    for key, surfaces in places.index.items():
        if all(places.entries[s.entity_id].get("ambiguous") for s in surfaces):
            continue
        if len(key) == 1:
            yield key[0], "place_word"
        else:
            yield from ((w, "place_part") for w in key if w.isalpha() and w not in stop)
