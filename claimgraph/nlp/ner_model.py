"""The project's own statistical pipeline (tagger, parser, sentences, NER), shipped in the package.

Small API for the entity stage and later rules. spaCy and the model are optional at run time:
``model_available()`` tells whether both are there; the other functions raise ModelMissingError
(a ClaimgraphError) when they are not.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from claimgraph.errors import ClaimgraphError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The shipped model; $CLAIMGRAPH_MODEL points to another spaCy model folder (e.g. a checkpoint).
MODEL_DIR = Path(
    os.environ.get("CLAIMGRAPH_MODEL")
    or Path(__file__).resolve().parents[1] / "models" / "en_claimgraph"
)
COARSE = ("PER", "ORG", "LOC", "NAT", "WEAPON", "PLATFORM", "VEHICLE", "QUANTITY", "DATE", "MONEY")
# Documents per nlp.pipe batch: small enough that the parser's precomputed features (3,072
# floats per token) stay in cache, a third faster than spaCy's default of 1,000.
PIPE_BATCH = 64
# Texts longer than this are processed in pieces split at line breaks (spaCy's max_length).
MAX_CHUNK = 200_000
# The NER reads only the shared tok2vec: recognition alone skips tagger, parser and senter.
_NER_ONLY = ["tok2vec", "ner"]
# Runs of non-space characters longer than this are cut before spaCy's tokenizer (make_doc).
LONG_RUN = 200
CUT_RUN = 50
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
_NER_TAGGER = ["tok2vec", "tagger", "claimgraph_morph", "ner"]


class TaggedToken(NamedTuple):
    """A token's character span, text, Penn Treebank tag and lemma."""

    start: int
    end: int
    text: str
    tag: str
    lemma: str


class ModelMissingError(ClaimgraphError):
    """spaCy or the shipped model is not installed."""

    exit_code = 2


def model_available() -> bool:
    """Are spaCy and the shipped model both installed?"""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return (MODEL_DIR / "meta.json").is_file()


@cache
def load_pipeline() -> Language:
    """The shipped spaCy pipeline, loaded once (no network)."""
    if not model_available():
        raise ModelMissingError(
            f"the statistical model is not installed ({MODEL_DIR}); "
            "install spacy>=3.8,<3.9 and the claimgraph package data"
        )
    import spacy

    from claimgraph.models import (  # noqa: F401  (register the NER input and UPOS/lemma tables)
        lexical,
        morph,
    )
    from claimgraph.models.fast_ops import use_numpy_blas

    nlp = use_numpy_blas(spacy.load(MODEL_DIR))
    nlp.batch_size = PIPE_BATCH
    return nlp


def parse(text: str) -> Doc:
    """Tokens with tags (``tag_`` PTB, ``pos_`` UPOS), lemmas, dependencies, sentences and
    entities. A line break always starts a new sentence (headings, list items, paragraphs)."""
    nlp = load_pipeline()
    if len(text) > MAX_CHUNK:
        nlp.max_length = len(text) + 1
    doc = make_doc(nlp, text)
    for i in range(1, len(doc)):
        before = doc[i - 1]
        if (before.is_space and "\n" in before.text) or "\n" in before.whitespace_:
            doc[i].is_sent_start = True
    return nlp(doc)


def statistical_mentions(
    text: str, words: tuple[list[str], list[bool]] | None = None
) -> list[tuple[int, int, str]]:
    """Entity mentions the model finds: (start, end, coarse label), char offsets into text.
    ``words`` (tokens and trailing-space flags that spell ``text``) skips tokenization."""
    nlp = load_pipeline()
    out: list[tuple[int, int, str]] = []
    with nlp.select_pipes(enable=[p for p in _NER_ONLY if p in nlp.pipe_names]):
        if words is not None and len(text) <= MAX_CHUNK:
            from spacy.tokens import Doc

            doc = nlp(Doc(nlp.vocab, words=words[0], spaces=words[1]))
            return [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for offset, piece in _chunks(text):
            doc = nlp(make_doc(nlp, piece))
            out.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return out


def tagged_mentions(text: str) -> tuple[list[tuple[int, int, str]], list[TaggedToken]]:
    """statistical_mentions plus every token with its PTB tag and lemma (the tagger shares the
    NER's features, so this costs a little more than recognition alone)."""
    nlp = load_pipeline()
    mentions: list[tuple[int, int, str]] = []
    tokens: list[TaggedToken] = []
    with nlp.select_pipes(enable=[p for p in _NER_TAGGER if p in nlp.pipe_names]):
        for offset, piece in _chunks(text):
            doc = nlp(make_doc(nlp, piece))
            mentions.extend(
                (offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents
            )
            tokens.extend(
                TaggedToken(offset + t.idx, offset + t.idx + len(t.text), t.text, t.tag_, t.lemma_)
                for t in doc
                if not t.is_space
            )
    return mentions, tokens


def statistical_mentions_many(
    texts: list[str], batch_size: int = 64
) -> list[list[tuple[int, int, str]]]:
    """statistical_mentions for many texts at once (nlp.pipe)."""
    nlp = load_pipeline()
    with nlp.select_pipes(enable=[p for p in _NER_ONLY if p in nlp.pipe_names]):
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe((make_doc(nlp, t) for t in texts), batch_size=batch_size)
        ]


def make_doc(nlp: Language, text: str) -> Doc:
    """spaCy's tokenization of the text, except that a run of more than LONG_RUN characters
    without white space (a data URI, a line of "$$$$") is cut into pieces of CUT_RUN
    characters: spaCy's affix splitting takes time quadratic in a run's length (5,000 "$"
    took 4.7 s). The document's text stays exactly the input."""
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        _add_tokens(nlp, text[position : run.start()], words, spaces)
        pieces = [run.group()[i : i + CUT_RUN] for i in range(0, len(run.group()), CUT_RUN)]
        words.extend(pieces)
        spaces.extend([False] * len(pieces))
        position = run.end()
    _add_tokens(nlp, text[position:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _add_tokens(nlp: Language, segment: str, words: list[str], spaces: list[bool]) -> None:
    for token in nlp.make_doc(segment):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split very long texts at line breaks so each piece fits spaCy's max_length."""
    if len(text) <= MAX_CHUNK:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + MAX_CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces
