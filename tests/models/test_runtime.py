"""The UPOS/lemma tables component and the numpy-BLAS ops of the shipped pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from claimgraph.nlp import ner_model


def test_morph_tables_set_pos_and_lemma(model: None) -> None:
    doc = ner_model.parse("The ministries said two tanks were delivered to the army.")
    by_text = {t.text: t for t in doc}
    assert by_text["ministries"].pos_ == "NOUN" and by_text["ministries"].lemma_ == "ministry"
    assert by_text["were"].pos_ == "AUX" and by_text["were"].lemma_ == "be"
    assert by_text["tanks"].lemma_ == "tank"
    assert by_text["The"].pos_ == "DET"
    assert "claimgraph_morph" in ner_model.load_pipeline().pipe_names


def test_morph_tables_round_trip(tmp_path, model: None) -> None:
    import spacy

    from claimgraph.models.morph import FACTORY

    nlp = spacy.blank("en")
    morph = nlp.add_pipe(FACTORY)
    morph.set_tables({"NNS": "NOUN"}, {"NNS": {"data": "PROPN"}}, {"tanks": "tank"})  # type: ignore[attr-defined]
    morph.to_disk(tmp_path / "m")  # type: ignore[attr-defined]
    other = spacy.blank("en").add_pipe(FACTORY)
    other.from_disk(tmp_path / "m")  # type: ignore[attr-defined]
    doc = nlp.make_doc("tanks data")
    for token in doc:
        token.tag_ = "NNS"
    other(doc)
    assert [(t.pos_, t.lemma_) for t in doc] == [("NOUN", "tank"), ("PROPN", "data")]
    assert other(nlp.make_doc("")).text == ""


def test_numpy_blas_gemm_matches_numpy() -> None:
    pytest.importorskip("thinc")
    from claimgraph.models.fast_ops import NumpyBlasOps

    ops = NumpyBlasOps()
    rng = np.random.default_rng(0)
    x = rng.random((5, 3), dtype="float32")
    y = rng.random((4, 3), dtype="float32")
    assert np.allclose(ops.gemm(x, y, trans2=True), x @ y.T)
    out = np.zeros((3, 3), dtype="float32")
    ops.gemm(x, x, out=out, trans1=True)
    assert np.allclose(out, x.T @ x)


def test_loaded_pipeline_uses_numpy_blas(model: None) -> None:
    from claimgraph.models.fast_ops import NumpyBlasOps

    nlp = ner_model.load_pipeline()
    tok2vec = nlp.get_pipe("tok2vec").model  # type: ignore[attr-defined]
    assert all(isinstance(node.ops, NumpyBlasOps) for node in tok2vec.walk())
