"""Readers for the training and evaluation sets in ``../shared/data`` (no spaCy needed).

Everything here is plain Python so the evaluation commands and benchmarks can read gold without
the training code. The label scheme and the per-dataset mappings are documented in MODEL_CARD.md.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.errors import ClaimgraphError

COARSE_LABELS = (
    "PER",
    "ORG",
    "LOC",
    "NAT",
    "DATE",
    "QUANTITY",
    "MONEY",
    "WEAPON",
    "PLATFORM",
    "VEHICLE",
)
RE3D_MAP = {
    "Person": "PER",
    "Organisation": "ORG",
    "Location": "LOC",
    "Nationality": "NAT",
    "Temporal": "DATE",
    "Quantity": "QUANTITY",
    "Money": "MONEY",
    "Weapon": "WEAPON",
    "MilitaryPlatform": "PLATFORM",
    "Vehicle": "VEHICLE",
}
RE3D_MAIN = ("PER", "ORG", "LOC", "NAT", "DATE", "MONEY")
GUM_MAP = {"person": "PER", "place": "LOC", "organization": "ORG"}
WIKIGOLD_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
UNER_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# Hold back every HOLDOUT_EVERY-th document (sorted by id within each source) for evaluation.
HOLDOUT_EVERY = 4


class DataMissingError(ClaimgraphError):
    """The shared data folder (or one of its sets) is not there."""

    exit_code = 2


Gold = tuple[int, int, str]


@dataclass
class GoldDoc:
    """A text with its gold mentions (char offsets) and spans whose annotation is unknown."""

    id: str
    text: str
    mentions: list[Gold] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)
    source: str = ""
    confidence: dict[Gold, float] = field(default_factory=dict)


@dataclass
class Word:
    """One syntactic word of a CoNLL-U sentence."""

    form: str
    lemma: str
    upos: str
    xpos: str
    head: int
    deprel: str
    space_after: bool


@dataclass
class TreeSentence:
    """A CoNLL-U sentence with its document id."""

    sent_id: str
    doc_id: str
    words: list[Word]
    new_paragraph: bool = False


def shared_data_dir(explicit: str | Path | None = None) -> Path:
    """The shared data folder: explicit path, $CLAIMGRAPH_SHARED/data, or ../shared/data."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get("CLAIMGRAPH_SHARED"):
        path = Path(os.environ["CLAIMGRAPH_SHARED"]) / "data"
    else:
        here = Path(__file__).resolve().parents[3] / "shared" / "data"
        path = here if here.is_dir() else Path.cwd().parent / "shared" / "data"
    if not path.is_dir():
        raise DataMissingError(f"shared data folder not found: {path} (set CLAIMGRAPH_SHARED)")
    return path


def _open(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise DataMissingError(f"data file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        yield from handle


# ----------------------------------------------------------------------------- CoNLL-U


def read_conllu(path: Path) -> Iterator[TreeSentence]:
    """Sentences of a CoNLL-U file (multiword-token ranges resolved to their words)."""
    doc_id, sent_id = "", ""
    words: list[Word] = []
    mwt_end, mwt_space, new_par = 0, True, False
    for line in _open(path):
        line = line.rstrip("\n")
        if line.startswith("# newdoc id"):
            doc_id = line.split("=", 1)[1].strip()
            new_par = True
        elif line.startswith("# newpar"):
            new_par = True
        elif line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif not line:
            if words:
                yield TreeSentence(sent_id, doc_id or sent_id, words, new_par)
            words, mwt_end, mwt_space, new_par = [], 0, True, False
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            idx = int(cols[0])
            space = "SpaceAfter=No" not in cols[9]
            if idx < mwt_end:
                space = False
            elif idx == mwt_end:
                space = mwt_space
            words.append(Word(cols[1], cols[2], cols[3], cols[4], int(cols[6]), cols[7], space))
    if words:
        yield TreeSentence(sent_id, doc_id or sent_id, words, new_par)


def sentence_text(sentence: TreeSentence) -> tuple[str, list[int]]:
    """The sentence text rebuilt from its words and the start offset of each word."""
    parts, starts, pos = [], [], 0
    for word in sentence.words:
        starts.append(pos)
        parts.append(word.form)
        pos += len(word.form)
        if word.space_after:
            parts.append(" ")
            pos += 1
    return "".join(parts), starts


# ----------------------------------------------------------------------------- GUM entities


def read_gum_entities(path: Path) -> dict[str, list[dict]]:
    """GUM entity mentions by sentence id (char offsets into the sentence text)."""
    out: dict[str, list[dict]] = {}
    for line in _open(path):
        record = json.loads(line)
        out[record["id"]] = record["entities"]
    return out


# ----------------------------------------------------------------------------- re3d


def read_re3d(data: Path) -> list[GoldDoc]:
    """All re3d documents in the shared folder, with mentions mapped to the coarse scheme.

    Mentions of types outside the scheme (DocumentReference, Coordinate, Frequency,
    CommsIdentifier) are kept as ``missing`` spans.
    """
    root = data / "re3d"
    if not root.is_dir():
        raise DataMissingError(f"re3d not found under {data}")
    docs: dict[str, GoldDoc] = {}
    for source in sorted(p for p in root.iterdir() if p.is_dir()):
        for line in _open(source / "documents.json"):
            rec = json.loads(line)
            docs[rec["_id"]] = GoldDoc(rec["_id"], rec["text"], source=source.name)
        for line in _open(source / "entities.json"):
            ent = json.loads(line)
            doc = docs[ent["documentId"]]
            label = RE3D_MAP.get(ent["type"])
            span = (int(ent["begin"]), int(ent["end"]))
            if label is None:
                doc.missing.append(span)
                continue
            mention = (span[0], span[1], label)
            if mention not in doc.confidence:
                doc.mentions.append(mention)
            doc.confidence[mention] = max(doc.confidence.get(mention, 0.0), ent["confidence"])
    for doc in docs.values():
        doc.mentions.sort()
    return sorted(docs.values(), key=lambda d: (d.source, d.id))


def split_re3d(docs: list[GoldDoc]) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """(train, held-back): every HOLDOUT_EVERY-th document of each source, sorted by id."""
    train: list[GoldDoc] = []
    held: list[GoldDoc] = []
    by_source: dict[str, list[GoldDoc]] = {}
    for doc in docs:
        by_source.setdefault(doc.source, []).append(doc)
    for group in by_source.values():
        for i, doc in enumerate(sorted(group, key=lambda d: d.id)):
            (held if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else train).append(doc)
    return train, held


# ----------------------------------------------------------------------------- token sets


def _tokens_to_doc(
    doc_id: str, sentences: list[list[tuple[str, str]]], mapping: dict[str, str]
) -> GoldDoc:
    """Join tokenised sentences with spaces; IO/IOB2 tags become char-offset mentions."""
    text_parts: list[str] = []
    mentions: list[Gold] = []
    missing: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentences:
        current: list = []  # [start, end, raw_label]
        for token, tag in sentence:
            start, end = pos, pos + len(token)
            text_parts.append(token + " ")
            pos = end + 1
            kind, _, label = tag.partition("-")
            inside = kind in ("I", "B") and label
            if inside and current and current[2] == label and kind == "I":
                current[1] = end
                continue
            if current:
                _close(current, mapping, mentions, missing)
            current = [start, end, label] if inside else []
        if current:
            _close(current, mapping, mentions, missing)
        if text_parts:
            text_parts[-1] = text_parts[-1][:-1] + "\n"
    return GoldDoc(doc_id, "".join(text_parts), mentions, missing)


def _close(current: list, mapping: dict[str, str], mentions: list, missing: list) -> None:
    label = mapping.get(current[2])
    if label:
        mentions.append((current[0], current[1], label))
    else:
        missing.append((current[0], current[1]))


def read_wikigold(data: Path) -> list[GoldDoc]:
    """Wikigold documents (tokens joined by spaces); MISC mentions become ``missing``."""
    docs: list[GoldDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in _open(data / "wikigold" / "wikigold.conll.txt"):
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
            if sentences:
                docs.append(_tokens_to_doc(f"wikigold-{len(docs)}", sentences, WIKIGOLD_MAP))
            sentences, sentence = [], []
        elif not parts:
            if sentence:
                sentences.append(sentence)
            sentence = []
        else:
            sentence.append((parts[0], parts[-1]))
    if sentence:
        sentences.append(sentence)
    if sentences:
        docs.append(_tokens_to_doc(f"wikigold-{len(docs)}", sentences, WIKIGOLD_MAP))
    return docs


def split_wikigold(docs: list[GoldDoc]) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """(train, held-back): every HOLDOUT_EVERY-th document held back."""
    train = [d for i, d in enumerate(docs) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1]
    held = [d for i, d in enumerate(docs) if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1]
    return train, held


def read_uner(data: Path, split: str = "test") -> list[GoldDoc]:
    """UNER English-EWT sentences as GoldDocs whose text is the original ``# text`` line."""
    docs: list[GoldDoc] = []
    text, sent_id = "", ""
    rows: list[tuple[str, str]] = []
    for line in [*_open(data / "uner-en-ewt" / f"en_ewt-ud-{split}.iob2"), "\n"]:
        line = line.rstrip("\n")
        if line.startswith("# text"):
            text = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if rows:
                docs.append(_align_uner(sent_id, text, rows))
            rows = []
        else:
            cols = line.split("\t")
            rows.append((cols[1], cols[2]))
    return docs


def _align_uner(sent_id: str, text: str, rows: list[tuple[str, str]]) -> GoldDoc:
    """Find each token in the sentence text and turn IOB2 tags into char mentions."""
    offsets, pos = [], 0
    for token, _ in rows:
        found = text.find(token, pos)
        if found < 0:
            return _tokens_to_doc(sent_id, [rows], UNER_MAP)
        offsets.append((found, found + len(token)))
        pos = found + len(token)
    mentions: list[Gold] = []
    missing: list[tuple[int, int]] = []
    current: list = []
    for (token, tag), (start, end) in zip(rows, offsets, strict=True):
        del token
        kind, _, label = tag.partition("-")
        if kind == "I" and current and current[2] == label:
            current[1] = end
            continue
        if current:
            _close(current, UNER_MAP, mentions, missing)
        current = [start, end, label] if kind in ("B", "I") else []
    if current:
        _close(current, UNER_MAP, mentions, missing)
    return GoldDoc(sent_id, text, mentions, missing)
