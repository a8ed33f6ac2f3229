"""Tagger, parser and sentence scores of the shipped pipeline on a CoNLL-U treebank."""

from __future__ import annotations

from pathlib import Path

from claimgraph.models import data as gold

KEYS = ("tag_acc", "pos_acc", "dep_uas", "dep_las", "sents_p", "sents_r", "sents_f")


def paragraph_starts(path: Path) -> list[list[int]]:
    """Per document, the token indices that begin a paragraph (``# newpar``)."""
    out: list[list[int]] = []
    doc_id, n = None, 0
    for sentence in gold.read_conllu(path):
        if sentence.doc_id != doc_id:
            out.append([])
            doc_id, n = sentence.doc_id, 0
        if sentence.new_paragraph:
            out[-1].append(n)
        n += len(sentence.words)
    return out


def score_treebank(
    path: Path,
    with_senter: bool = False,
    paragraphs: bool = False,
    gold_sentences: bool = False,
) -> dict[str, float]:
    """Scores (percent) with gold tokens, one Doc per treebank document, so sentence boundaries
    are predicted. With ``paragraphs`` the paragraph breaks are given as sentence starts, as
    :func:`claimgraph.nlp.ner_model.parse` does at line breaks of real text. With
    ``gold_sentences`` each sentence is its own Doc (gold tokens and sentences, the setting
    parsers are usually compared in). ``with_senter`` also runs the (shipped disabled) senter
    before the parser."""
    import spacy
    from spacy.scorer import Scorer
    from spacy.tokens import Doc
    from spacy.training import Example

    from claimgraph.models.train import treebank_docs
    from claimgraph.nlp.ner_model import load_pipeline

    nlp = load_pipeline()
    per_doc = 1 if gold_sentences else 100_000
    refs = list(treebank_docs(spacy.blank("en"), path, sents_per_doc=per_doc))
    starts = paragraph_starts(path) if paragraphs and not gold_sentences else [[] for _ in refs]
    inputs = []
    for ref, doc_starts in zip(refs, starts, strict=True):
        doc = Doc(nlp.vocab, words=[t.text for t in ref], spaces=[bool(t.whitespace_) for t in ref])
        for i in doc_starts:
            doc[i].is_sent_start = True
        inputs.append(doc)
    enable_senter = with_senter and "senter" in nlp.disabled
    if enable_senter:
        nlp.enable_pipe("senter")
    try:
        preds = list(nlp.pipe(inputs))
    finally:
        if enable_senter:
            nlp.disable_pipe("senter")
    scores = Scorer(nlp).score([Example(p, r) for p, r in zip(preds, refs, strict=True)])
    return {k: round(100 * float(scores[k]), 1) for k in KEYS if scores.get(k) is not None}
