"""Claims from syntax on texts written for the project: generic agents, pronouns, passives,
occurrences, reported clauses, negation and modality, intentions coded as event coders code
them."""

from __future__ import annotations

from claimgraph import analyze
from claimgraph.model import Analysis, Claim


def claim_of(result: Analysis, word: str) -> Claim:
    """The claim whose relation is named by, or whose trigger verb is, ``word``."""
    return next(c for c in result.claims if word in {c.relation.name, c.relation.verb})


def test_generic_agent_takes_the_country_of_its_demonym() -> None:
    result = analyze("Moldovan troops shelled a customs post near the border on Tuesday.")
    shelled = claim_of(result, "shell")
    assert shelled.subject is not None and shelled.subject.name == "Moldovan troops"
    force = next(e for e in result.entities if e.id == shelled.subject.id)
    assert (force.type, force.country) == ("armed_force", "MD")


def test_named_group_wins_over_its_generic_noun() -> None:
    result = analyze("Hezbollah fighters ambushed a patrol outside the village.")
    ambushed = claim_of(result, "ambush")
    assert ambushed.subject is not None and ambushed.subject.name == "Hezbollah"


def test_pronoun_stands_for_the_last_group_and_passive_agent_is_subject() -> None:
    result = analyze(
        "Hezbollah fighters ambushed a patrol outside the village. Later they burned two "
        "lorries. A depot was looted by the militia's supporters."
    )
    burned = claim_of(result, "burn")
    assert burned.subject is not None and burned.subject.name == "Hezbollah"
    looted = claim_of(result, "loot")
    assert looted.object is not None and looted.object.name == "depot"
    assert looted.subject is not None and "supporters" in looted.subject.name


def test_event_nouns_of_occurrence_verbs_and_negation() -> None:
    result = analyze(
        "A clash erupted on the outskirts of the town. Kenya did not expel the diplomats."
    )
    assert claim_of(result, "clash").subject is None
    expel = claim_of(result, "expel")
    assert expel.certainty == "denied" and expel.relation.negated


def test_reported_clause_gets_its_source() -> None:
    result = analyze("Lithuanian officials said the smugglers had crossed the river at night.")
    crossed = claim_of(result, "cross")
    assert crossed.certainty == "reported"
    assert crossed.attribution[0].source.name == "Lithuanian officials"


def test_intentions_are_coded_as_the_intention() -> None:
    result = analyze(
        "Chile will send engineers to Peru. Bolivia threatened to close the border with Chile."
    )
    plover = {c.relation.name: c.relation.plover for c in result.claims if c.relation.plover}
    assert plover.get("supply") == "AGREE"  # 'send' is a word of the lexicon's supply relation
    assert "THREATEN" in plover.values()
    assert "ASSAULT" not in plover.values()
