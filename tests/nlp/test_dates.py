"""Time expressions resolved against the reference date, with open years when there is none."""

from datetime import date

from claimgraph.nlp.dates import Context, find_times


def values(text: str, ctx: Context) -> list[str]:
    return [t.label for t in find_times(text, 0, ctx)]


def test_explicit_dates() -> None:
    ctx = Context(None)
    assert values("In 2023, the deal was signed.", ctx) == ["2023"]
    assert values("It was signed on 12 March 2024.", ctx) == ["2024-03-12"]
    assert values("Deliveries begin in March 2026.", ctx) == ["2026-03"]
    assert values("before 2030 and after 2025", ctx) == ["before 2030", "after 2025"]
    assert values("37 vehicles and 1,200 shells", ctx) == []


def test_relative_dates_with_reference() -> None:
    ctx = Context(date(2025, 2, 20))
    assert values("on Tuesday the ministry said", ctx) == ["2025-02-18"]
    assert values("last month", ctx) == ["2025-01"]
    assert values("expected to arrive next month", ctx) == ["2025-03"]
    assert values("by the end of this decade", ctx) == ["by 2030"]
    assert values("earlier this January", ctx) == ["2025-01"]


def test_relative_dates_without_reference() -> None:
    ctx = Context(None, (2023, 2027))
    assert values("Earlier this September, they met.", ctx) == ["XXXX-09"]
    assert values("by the end of this decade", ctx) == ["by 2030"]
    assert values("on Tuesday the ministry said", ctx) == []
    assert values("Ships may sail in May.", ctx) == []


def test_full_dates_in_every_written_form() -> None:
    from claimgraph.nlp.dates import _full_date

    for text in ("12 March 2024", "12th March, 2024", "March 12, 2024", "Mar. 12 2024"):
        assert str(_full_date(text)) == "2024-03-12", text
    assert str(_full_date("2024-03-12")) == "2024-03-12"
    assert _full_date("31 February 2024") is None
    assert _full_date("2024-13-01") is None
