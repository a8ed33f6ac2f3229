"""One reading per name per document."""

from __future__ import annotations

from claimgraph.models.discourse import with_repeated_names
from claimgraph.models.recognize import NerMention


def mention(text: str, part: str, coarse: str, nth: int = 0, how: str = "model") -> NerMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return NerMention(start, start + len(part), part, coarse, "x", f"x:{part}", part, how)


def test_unfound_occurrences_of_a_found_name_are_added() -> None:
    text = "Radio 6PR said so. Later 6PR denied it, and Kestrel agreed with 6PR."
    out = with_repeated_names(text, [mention(text, "6PR", "ORG", 1)])
    assert [(m.start, m.coarse) for m in out if m.text == "6PR"] == [
        (text.index("6PR"), "ORG"),
        (text.index("6PR", 10), "ORG"),
        (text.rindex("6PR"), "ORG"),
    ]


def test_one_word_names_at_a_sentence_start_are_left_alone() -> None:
    text = "Officials met Will Okoro. Will the talks go on? Okoro said Will was late."
    out = with_repeated_names(text, [mention(text, "Will", "PER")])
    starts = [m.start for m in out if m.text == "Will"]
    assert text.index("Will the") not in starts
    assert text.index("Will was") in starts


def test_model_types_follow_the_names_majority() -> None:
    text = "Caloi bikes. Caloi grew. Caloi sold."
    found = [
        mention(text, "Caloi", "PER", 0),
        mention(text, "Caloi", "ORG", 1),
        mention(text, "Caloi", "ORG", 2),
    ]
    assert {m.coarse for m in with_repeated_names(text, found)} == {"ORG"}


def test_gazetteer_types_are_kept() -> None:
    text = "Georgia said so. Georgia voted. Georgia agreed."
    found = [
        mention(text, "Georgia", "LOC", 0, how="gazetteer"),
        mention(text, "Georgia", "PER", 1),
        mention(text, "Georgia", "PER", 2),
    ]
    out = with_repeated_names(text, found)
    assert [m.coarse for m in out] == ["LOC", "PER", "PER"]


def test_acronym_defined_in_the_text_names_the_long_forms_entity() -> None:
    text = "The Kestrel Defence Institute (KDI) said so. KDI later added more."
    found = [
        mention(text, "Kestrel Defence Institute", "ORG"),
        mention(text, "KDI", "ORG", 0),
        mention(text, "KDI", "ORG", 1),
    ]
    out = with_repeated_names(text, found)
    assert {m.entity_id for m in out} == {"x:Kestrel Defence Institute"}


def test_names_written_with_other_separators_stay_apart() -> None:
    text = "Al-Qaeda and Al Qaeda differ in spelling. Later Al-Qaeda and Al Qaeda again."
    found = [mention(text, "Al-Qaeda", "ORG"), mention(text, "Al Qaeda", "ORG")]
    out = [(m.start, m.text) for m in with_repeated_names(text, found)]
    assert out == [
        (text.index("Al-Qaeda"), "Al-Qaeda"),
        (text.index("Al Qaeda"), "Al Qaeda"),
        (text.rindex("Al-Qaeda"), "Al-Qaeda"),
        (text.rindex("Al Qaeda"), "Al Qaeda"),
    ]
