"""Readers and converters of the training data, on small files written by the tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimgraph.models import data as gold

CONLLU = """# newdoc id = d1
# sent_id = d1-1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = d1-2
# text = Ask Ann in Kyiv.
1\tAsk\task\tVERB\tVB\t_\t0\troot\t_\t_
2\tAnn\tAnn\tPROPN\tNNP\t_\t1\tobj\t_\t_
3\tin\tin\tADP\tIN\t_\t4\tcase\t_\t_
4\tKyiv\tKyiv\tPROPN\tNNP\t_\t1\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

"""


def write_gz(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    return path


def test_conllu_words_spaces_reset_between_sentences(tmp_path: Path) -> None:
    sentences = list(gold.read_conllu(write_gz(tmp_path / "t.conllu.gz", CONLLU)))
    assert [gold.sentence_text(s)[0] for s in sentences] == ["I don't know. ", "Ask Ann in Kyiv. "]
    assert sentences[0].doc_id == sentences[1].doc_id == "d1"
    assert [w.form for w in sentences[0].words] == ["I", "do", "n't", "know", "."]


def test_treebank_doc_and_gum_entities(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from claimgraph.models.train import treebank_docs

    path = write_gz(tmp_path / "t.conllu.gz", CONLLU)
    ents = {
        "d1-2": [
            {"start": 4, "end": 7, "label": "person", "named": True},
            {"start": 11, "end": 15, "label": "place", "named": True},
        ]
    }
    [doc] = list(treebank_docs(spacy.blank("en"), path, ents, set()))
    assert doc.text == "I don't know. Ask Ann in Kyiv. "
    assert [(e.text, e.label_) for e in doc.ents] == [("Ann", "PER"), ("Kyiv", "LOC")]
    assert [s.text for s in doc.sents] == ["I don't know.", "Ask Ann in Kyiv."]
    assert doc[3].head.text == "know" and doc[3].dep_ == "ROOT"


def test_re3d_reader_split_and_overlaps(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from claimgraph.models.train import re3d_doc

    folder = tmp_path / "re3d" / "Src"
    folder.mkdir(parents=True)
    text = "The Kurdish YPG met UN staff."
    docs = [{"_id": f"D{i}", "text": text} for i in range(4)]
    (folder / "documents.json").write_text("\n".join(json.dumps(d) for d in docs))
    ents = [
        {"documentId": "D0", "begin": 0, "end": 15, "type": "Organisation", "confidence": 1},
        {"documentId": "D0", "begin": 4, "end": 11, "type": "Nationality", "confidence": 0},
        {"documentId": "D0", "begin": 20, "end": 22, "type": "Organisation", "confidence": 1},
        {"documentId": "D0", "begin": 20, "end": 22, "type": "CommsIdentifier", "confidence": 1},
    ]
    (folder / "entities.json").write_text("\n".join(json.dumps(e) for e in ents))
    records = gold.read_re3d(tmp_path)
    train, held = gold.split_re3d(records)
    assert [d.id for d in held] == ["D3"] and len(train) == 3
    d0 = records[0]
    assert d0.mentions == [(0, 15, "ORG"), (4, 11, "NAT"), (20, 22, "ORG")]
    assert d0.missing == [(20, 22)]
    doc = re3d_doc(spacy.blank("en"), d0)
    assert [(e.text, e.label_) for e in doc.ents] == [("The Kurdish YPG", "ORG"), ("UN", "ORG")]


def test_uner_offsets_point_into_original_text(tmp_path: Path) -> None:
    folder = tmp_path / "uner-en-ewt"
    folder.mkdir()
    (folder / "en_ewt-ud-test.iob2").write_text(
        "# sent_id = s1\n# text = Visit New York, said Bo.\n"
        "1\tVisit\tO\n2\tNew\tB-LOC\n3\tYork\tI-LOC\n4\t,\tO\n5\tsaid\tO\n6\tBo\tB-PER\n7\t.\tO\n\n"
    )
    [doc] = gold.read_uner(tmp_path, "test")
    assert [(doc.text[s:e], label) for s, e, label in doc.mentions] == [
        ("New York", "LOC"),
        ("Bo", "PER"),
    ]


def test_missing_data_folder_is_clear_error(tmp_path: Path) -> None:
    with pytest.raises(gold.DataMissingError, match="not found"):
        gold.shared_data_dir(tmp_path / "nope")


def test_uner_training_docs_keep_names_and_leave_other_types_unknown() -> None:
    spacy = pytest.importorskip("spacy")
    from claimgraph.models.train import uner_docs

    records = [
        gold.GoldDoc("s1", "Maria met Acme Corp in Paris.", [(0, 5, "PER"), (10, 19, "ORG")]),
        gold.GoldDoc("s2", "The French team won in 2019.", []),
    ]
    [doc] = list(uner_docs(spacy.blank("en"), records, {("french",)}))
    assert [(e.text, e.label_) for e in doc.ents] == [("Maria", "PER"), ("Acme Corp", "ORG")]
    by_text = {t.text: t.ent_iob_ for t in doc}
    assert by_text["Paris"] == "O"  # not annotated as a place in this record: outside
    assert by_text["French"] == "" and by_text["2019"] == ""  # types UNER does not annotate
