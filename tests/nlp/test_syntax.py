"""Arguments from the dependency parse: passives, control, conjunction, relative clauses."""

from __future__ import annotations

import pytest

from claimgraph.nlp import syntax
from claimgraph.nlp.parser_model import load_parser


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_parser()


def args_of(nlp, text: str, verb: str) -> syntax.Arguments:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    token = next(t for t in doc if t.text == verb)
    return syntax.arguments(token)


def test_passive_agent_is_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    args = args_of(nlp, "The rifles were sold to the rebels by a Belgian dealer.", "sold")
    assert args.passive
    assert args.subject is not None and args.subject.text == "dealer"
    assert args.object is not None and args.object.text == "rifles"


def test_control_verb_passes_its_subject_down(nlp) -> None:  # type: ignore[no-untyped-def]
    args = args_of(nlp, "Norway has agreed to train and equip a Kenyan company.", "train")
    assert args.inherited and args.subject is not None and args.subject.text == "Norway"
    assert args.object is not None and args.object.text == "company"


def test_conjoined_verbs_share_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    args = args_of(nlp, "Guerrillas blew up a bridge and burned two lorries.", "burned")
    assert args.subject is not None and args.subject.text == "Guerrillas"
    assert args.object is not None and args.object.text == "lorries"


def test_relative_pronoun_stands_for_its_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    args = args_of(nlp, "The militia, which shelled the port, denied it.", "shelled")
    assert args.subject is not None and args.subject.text == "militia"


def test_negation_and_modality(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Lisbon did not send troops. Madrid could send ships.")
    sends = [t for t in doc if t.lemma_ == "send"]
    assert syntax.negation(sends[0]) is not None
    assert syntax.modality(sends[1])[0] == "possible"
