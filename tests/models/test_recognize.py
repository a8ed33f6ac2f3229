"""Combining model spans with the gazetteer, and gazetteer matching in Russian and Chinese."""

from __future__ import annotations

from claimgraph.models.recognize import combine, gazetteer_matches, recognize, script_of, slug

TEXT = "The Syrian opposition fought near Raqqa, Pentagon spokesman Jeff Hale said of Russian jets."


def spans(text: str, *parts: tuple[str, str]) -> list[tuple[int, int, str]]:
    out = []
    for part, label in parts:
        start = text.index(part)
        out.append((start, start + len(part), label))
    return out


def test_model_span_resolved_through_gazetteer() -> None:
    text = "Officials at the United Nations said so."
    model = spans(text, ("the United Nations", "ORG"))
    [m] = combine(text, model, gazetteer_matches(text))
    assert m.text == "the United Nations"
    assert m.entity_id.startswith("org:") or m.type == "international_org"
    assert m.coarse == "ORG"


def test_unknown_model_span_gets_local_id() -> None:
    model = spans(TEXT, ("Jeff Hale", "PER"))
    found = {m.text: m for m in combine(TEXT, model, gazetteer_matches(TEXT))}
    assert found["Jeff Hale"].entity_id == "per:jeff-hale"
    assert found["Jeff Hale"].type == "person"
    assert found["Jeff Hale"].entity_name == "Jeff Hale"


def test_gazetteer_adds_missed_names_and_nested_demonyms() -> None:
    model = spans(TEXT, ("The Syrian opposition", "ORG"))
    found = {(m.text, m.coarse) for m in combine(TEXT, model, gazetteer_matches(TEXT))}
    assert ("The Syrian opposition", "ORG") in found
    assert ("Russian", "NAT") in found
    assert ("Syrian", "NAT") in found
    flat = {(m.text, m.coarse) for m in combine(TEXT, model, gazetteer_matches(TEXT), nested=False)}
    assert ("Syrian", "NAT") not in flat


def test_offsets_point_into_text_as_given() -> None:
    text = "  \n\tRussia  and\u00a0China signed it.\n"
    for m in recognize(text, use_model=False):
        assert text[m.start : m.end] == m.text
    assert {m.entity_id for m in recognize(text, use_model=False)} >= {"country:RU", "country:CN"}


def test_russian_inflected_names_found() -> None:
    text = "Министр обороны России заявил, что поставки в Китай продолжатся."
    ids = {m.entity_id for m in recognize(text, use_model=False)}
    assert "country:RU" in ids
    assert "country:CN" in ids


def test_chinese_names_found_without_word_spaces() -> None:
    text = "俄罗斯国防部表示将向中国交付武器。"
    found = {m.entity_id: m for m in recognize(text, use_model=False)}
    assert "country:CN" in found
    mod = found["gov:ru-mod"]  # the longest name wins: "Russian Ministry of Defence"
    assert text[mod.start : mod.end] == "俄罗斯国防部"


def test_script_and_slug() -> None:
    assert script_of("Москва заявила") == "cyrillic"
    assert script_of("北京表示") == "cjk"
    assert script_of("Moscow said") == "latin"
    assert slug("the Black Moon group") == "black-moon-group"
    assert slug("Шойгу") == "шойгу"


def test_names_nested_in_longer_mentions() -> None:
    text = "Engineers inspected the Mosul Dam as the people of Aleppo waited."
    model = spans(text, ("the Mosul Dam", "LOC"), ("the people of Aleppo", "ORG"))
    found = {(m.text, m.coarse) for m in combine(text, model, gazetteer_matches(text))}
    assert {("the Mosul Dam", "LOC"), ("Mosul", "LOC"), ("Aleppo", "LOC")} <= found


def test_towns_inside_peoples_names_are_not_places() -> None:
    text = "Then George Bush spoke to George Smith's staff in Aleppo."
    model = spans(text, ("George Bush", "PER"))
    found = {(m.text, m.coarse) for m in combine(text, model, gazetteer_matches(text))}
    assert ("George", "LOC") not in found
    assert ("Aleppo", "LOC") in found


def test_mixed_case_acronyms_need_their_case() -> None:
    assert not [m for m in gazetteer_matches("Let them go.") if m.entry.get("type") != "state"]
    assert any(m.start == 0 for m in gazetteer_matches("LeT fighters crossed the line."))


def test_a_state_is_never_a_person() -> None:
    text = "Officials in Seoul said so."
    model = spans(text, ("Seoul", "PER"))
    [m] = [m for m in combine(text, model, gazetteer_matches(text)) if m.text == "Seoul"]
    assert m.coarse == "LOC"


def test_titled_person_also_yields_the_bare_name() -> None:
    text = "Minister Tobias Ellwood visited the camp."
    model = spans(text, ("Minister Tobias Ellwood", "PER"))
    found = {(m.text, m.coarse) for m in combine(text, model, gazetteer_matches(text))}
    assert {("Minister Tobias Ellwood", "PER"), ("Tobias Ellwood", "PER")} <= found


def test_dates_from_the_date_finder_replace_fragments_inside_them() -> None:
    from claimgraph.models.recognize import with_dates_and_money

    text = "The dam was finished in 1956 and inspected on 25 June."
    model = spans(text, ("June", "PER"))
    found = {(m.text, m.coarse) for m in with_dates_and_money(text, combine(text, model, []))}
    assert ("1956", "DATE") in found
    assert ("25 June", "DATE") in found
    assert ("June", "PER") not in found


def test_model_span_inside_a_longer_word_is_resolved() -> None:
    text = "RUSI, a UK-based think tank, said so."
    model = spans(text, ("UK", "ORG"))
    [m] = [m for m in combine(text, model, gazetteer_matches(text)) if m.text == "UK"]
    assert m.entity_id == "country:GB"


def test_equipment_designations_replace_model_fragments() -> None:
    from claimgraph.models.recognize import with_equipment

    text = "Berlin will send 18 Leopard 2 tanks and Hind helicopters in a bear market."
    model = spans(text, ("Leopard", "ORG"))
    found = {(m.text, m.coarse) for m in with_equipment(text, combine(text, model, []))}
    assert ("Leopard 2", "PLATFORM") in found and ("Hind", "PLATFORM") in found
    assert ("Leopard", "ORG") not in found
    assert not any(t == "bear" for t, _ in found)


def test_symbol_only_model_spans_are_dropped() -> None:
    text = "Price: $$ or more."
    assert combine(text, spans(text, ("$$", "MONEY")), []) == []


def test_long_runs_without_spaces_keep_the_text_exact(model: None) -> None:
    from claimgraph.nlp.ner_model import load_pipeline, make_doc

    text = "Russia said " + "$" * 3000 + " and " + "ab" * 300 + "\n  China replied."
    doc = make_doc(load_pipeline(), text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= 50
    found = {m.text for m in recognize(text)}
    assert {"Russia", "China"} <= found


def test_implausible_model_names_are_dropped() -> None:
    text = "Send it to E17 by Friday, said Dana Okoro."
    model = spans(text, ("E17", "PER"), ("Friday", "LOC"), ("Dana Okoro", "PER"))
    found = {(m.text, m.coarse) for m in combine(text, model, [])}
    assert found == {("Dana Okoro", "PER")}
