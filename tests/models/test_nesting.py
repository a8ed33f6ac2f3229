"""Nested readings: the second mention re3d-style schemes mark inside or around another."""

from __future__ import annotations

from claimgraph.models.nesting import with_nested_readings
from claimgraph.models.recognize import combine, gazetteer_matches


def readings(text: str, *model: tuple[str, str]) -> set[tuple[str, str]]:
    spans = []
    for part, label in model:
        start = text.index(part)
        spans.append((start, start + len(part), label))
    found = combine(text, spans, gazetteer_matches(text))
    return {(m.text, m.coarse) for m in with_nested_readings(text, found)}


def test_state_inside_a_government_mention() -> None:
    text = "Officials said the United States would not comment."
    found = readings(text, ("the United States", "ORG"))
    assert {("the United States", "ORG"), ("United States", "LOC")} <= found


def test_government_around_a_state_named_after_the() -> None:
    text = "Aid from the United Kingdom arrived."
    found = readings(text, ("United Kingdom", "LOC"))
    assert {("the United Kingdom", "ORG"), ("United Kingdom", "LOC")} <= found


def test_person_inside_a_regime_and_body_inside_the() -> None:
    text = "Monitors say the Assad regime ignored the UN again."
    found = readings(text, ("the Assad regime", "ORG"), ("the UN", "ORG"))
    assert ("Assad", "PER") in found
    assert ("UN", "ORG") in found


def test_demonym_inside_an_organisation_name() -> None:
    text = "Fighters of the Syrian Democratic Forces advanced."
    found = readings(text, ("Syrian Democratic Forces", "ORG"))
    assert ("Syrian", "NAT") in found


def test_titled_person_around_a_bare_name() -> None:
    text = "It was signed by Maj. Gen. Dana Okoro on Friday."
    found = readings(text, ("Dana Okoro", "PER"))
    assert ("Maj. Gen. Dana Okoro", "PER") in found


def test_directional_part_of_a_place() -> None:
    text = "Shelling hit eastern Aleppo overnight; Aleppo itself was calm."
    found = readings(text)
    assert ("eastern Aleppo", "LOC") in found
    assert ("itself was calm", "LOC") not in found


def test_plain_mentions_get_no_readings() -> None:
    text = "The Kestrel Group said so."
    assert readings(text, ("The Kestrel Group", "ORG")) == {("The Kestrel Group", "ORG")}


def test_name_at_the_end_of_a_long_title() -> None:
    text = "US Secretary of State John Kerry flew in."
    found = readings(text, ("US Secretary of State John Kerry", "PER"))
    assert ("John Kerry", "PER") in found


def test_acronym_with_and_without_the() -> None:
    text = "Fighters of the SDF and the YPG advanced; SDF units held."
    found = readings(text, ("the SDF", "ORG"), ("YPG", "ORG"))
    assert {("SDF", "ORG"), ("the YPG", "ORG")} <= found


def test_place_named_with_its_kind() -> None:
    text = "Troops entered the city of Mosul at dawn."
    found = readings(text, ("Mosul", "LOC"))
    assert ("the city of Mosul", "LOC") in found
