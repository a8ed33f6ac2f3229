"""UPOS and lemmas from the tagger's PTB tags: one table lookup per token.

Replaces spaCy's attribute ruler and lookup lemmatizer, which did the same job through the
Matcher and per-token Python calls at about a quarter of the whole pipeline's time. The tables
are learnt from the treebanks by ``claimgraph.models.train`` and stored in the model folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.attrs import LEMMA, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

FACTORY = "claimgraph_morph"


class MorphTables:
    """Sets ``pos_`` from the tag (or from tag and lower-case word where the treebanks differ)
    and ``lemma_`` from the word form, or its lower-case form for words not tagged as proper
    nouns (the form itself when the table has neither)."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.tag_pos: dict[str, str] = {}
        self.word_pos: dict[str, dict[str, str]] = {}
        self.lemmas: dict[str, str] = {}
        self._compile()

    def set_tables(
        self, tag_pos: dict[str, str], word_pos: dict[str, dict[str, str]], lemmas: dict[str, str]
    ) -> None:
        """Install the three tables (tag -> UPOS, tag -> word -> UPOS, form -> lemma)."""
        self.tag_pos, self.word_pos, self.lemmas = tag_pos, word_pos, lemmas
        self._compile()

    def _compile(self) -> None:
        strings = self.vocab.strings
        self._tag = {strings.add(t): POS_IDS[p] for t, p in self.tag_pos.items()}
        self._word = {
            (strings.add(t), strings.add(w)): POS_IDS[p]
            for t, words in self.word_pos.items()
            for w, p in words.items()
        }
        self._lemma = {strings.add(f): strings.add(lemma) for f, lemma in self.lemmas.items()}
        # Capitalised common words ("Tanks" opening a sentence) fall back to the lower-case
        # form's lemma; proper nouns keep their own form ("US" is not "we").
        self._proper = {strings.add("NNP"), strings.add("NNPS")}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, ORTH]).tolist()
        tag, word, lemma, proper = self._tag, self._word, self._lemma, self._proper
        out = [
            [
                word.get((t, low), tag.get(t, 0)),
                lemma.get(orth) or (orth if t in proper else lemma.get(low, orth)),
            ]
            for t, low, orth in rows
        ]
        doc.from_array([POS, LEMMA], np.asarray(out, dtype="uint64"))  # type: ignore[arg-type]
        return doc

    def score(self, examples: Any, **kwargs: Any) -> dict[str, Any]:
        """UPOS and lemma accuracy (``pos_acc``, ``lemma_acc``) for spaCy's scorer."""
        from spacy.scorer import Scorer

        return {
            **Scorer.score_token_attr(examples, "pos", **kwargs),
            **Scorer.score_token_attr(examples, "lemma", **kwargs),
        }

    def to_disk(self, path: str | Path, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tables = {"tag_pos": self.tag_pos, "word_pos": self.word_pos, "lemmas": self.lemmas}
        srsly.write_msgpack(path / "tables.msgpack", tables)

    def from_disk(self, path: str | Path, exclude: Any = ()) -> MorphTables:
        tables = srsly.read_msgpack(Path(path) / "tables.msgpack")
        self.set_tables(tables["tag_pos"], tables["word_pos"], tables["lemmas"])
        return self


@Language.factory(FACTORY)
def make_morph_tables(nlp: Language, name: str) -> MorphTables:
    """spaCy factory for :class:`MorphTables`."""
    return MorphTables(nlp, name)
