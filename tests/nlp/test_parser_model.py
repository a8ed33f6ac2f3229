"""The pinned parser: its files are checked against the project's sha256 list before loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimgraph.nlp.parser_model import (
    ParserModelError,
    expected_hashes,
    load_parser,
    model_dir,
    verify,
)


def test_installed_model_matches_the_list() -> None:
    assert "parser/model" in expected_hashes()
    verify(model_dir())


def test_a_changed_file_is_a_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    with (copy / "parser" / "moves").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ParserModelError, match="sha256 mismatch"):
        verify(copy)
    shutil.copy(model_dir() / "parser" / "moves", copy / "parser" / "moves")
    (copy / "tagger" / "model").unlink()
    with pytest.raises(ParserModelError, match="missing"):
        verify(copy)


def test_parse_gives_arcs_and_lemmas() -> None:
    nlp = load_parser()
    doc = nlp("The vehicles were delivered to China by the company.")
    by_text = {t.text: t for t in doc}
    assert by_text["vehicles"].dep_ == "nsubjpass"
    assert by_text["delivered"].lemma_ == "deliver"
    assert by_text["delivered"].pos_ == "VERB"
