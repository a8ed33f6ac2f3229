"""Tagger, parser and sentence scores of the shipped pipeline on a CoNLL-U treebank."""

from __future__ import annotations

from pathlib import Path

KEYS = ("tag_acc", "pos_acc", "dep_uas", "dep_las", "sents_p", "sents_r", "sents_f")


def score_treebank(path: Path, disable: tuple[str, ...] = ()) -> dict[str, float]:
    """Scores (percent) with gold tokens, one Doc per treebank document (so sentence
    boundaries are predicted, not given)."""
    import spacy
    from spacy.scorer import Scorer
    from spacy.tokens import Doc
    from spacy.training import Example

    from claimgraph.models.train import treebank_docs
    from claimgraph.nlp.ner_model import load_pipeline

    nlp = load_pipeline()
    refs = list(treebank_docs(spacy.blank("en"), path, sents_per_doc=100_000))
    inputs = [
        Doc(nlp.vocab, words=[t.text for t in r], spaces=[bool(t.whitespace_) for t in r])
        for r in refs
    ]
    with nlp.select_pipes(disable=[d for d in disable if d in nlp.pipe_names]):
        preds = list(nlp.pipe(inputs))
    scores = Scorer(nlp).score([Example(p, r) for p, r in zip(preds, refs, strict=True)])
    return {k: round(100 * float(scores[k]), 1) for k in KEYS if scores.get(k) is not None}
