"""Quantities: exact, approximate, ranges, vague."""

from claimgraph.nlp.quantities import find_quantities


def first(text: str):  # noqa: ANN201
    return find_quantities(text)[0]


def test_exact_and_words() -> None:
    assert first("37 light vehicles").value == 37
    assert first("eleven tanks").value == 11
    assert first("1,200 shells").value == 1200
    assert not first("37 light vehicles").estimated


def test_approximate_and_ranges() -> None:
    q = first("between 20 and 30 K9 howitzers")
    assert (q.value, q.maximum, q.estimated) == (20, 30, True)
    q = first("about 40 drones")
    assert (q.value, q.estimated) == (40, True)
    q = first("at least 6 ships")
    assert (q.value, q.maximum, q.estimated) == (6, None, True)
    q = first("up to 12 jets")
    assert (q.value, q.maximum) == (12, 12)


def test_vague() -> None:
    q = first("Multiple command and observation units")
    assert (q.value, q.text) == (None, "Multiple")
    assert first("dozens of drones").text == "dozens of"


def test_not_quantities() -> None:
    assert find_quantities("a rise of 40%") == []


def test_money_amounts() -> None:
    from claimgraph.nlp.quantities import find_money

    text = "a $5 million grant, £59.5m more, over 9 billion euros, and 12 tanks in 2016"
    assert [text[s:e] for s, e in find_money(text)] == ["$5 million", "£59.5m", "9 billion euros"]
