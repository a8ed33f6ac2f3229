"""Attribution span scoring on a hand-made text; floors on PolNeAR dev (first articles)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.eval.attribution_spans import (
    SpanAttribution,
    SpanScorer,
    extent,
    predicted,
    source_span,
    trim,
)
from claimgraph.eval.gold import Alignment
from claimgraph.model import Analysis, Attribution, Document, Entity, EntityRef, Mention, Span

TEXT = 'The minister said "the border is closed." Officials added that talks failed.'

# Floors on the first LIMIT dev articles; raise them when the pipeline improves.
LIMIT = 40
FLOORS = {
    ("cue", "exact"): 0.49,
    ("source", "exact"): 0.52,
    ("content", "exact"): 0.26,
    ("cue", "overlap"): 0.40,
    ("source", "overlap"): 0.61,
    ("content", "overlap"): 0.63,
}


def r(part: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def sp(part: str) -> Span:
    start, end = r(part)
    return Span(start=start, end=end, text=part)


GOLD = [
    SpanAttribution(
        cue=[r("said")], source=[r("The minister")], content=[r('"the border is closed."')]
    ),
    SpanAttribution(cue=[r("added")], source=[r("Officials")], content=[r("that talks failed")]),
]


def test_trim_and_extent() -> None:
    assert trim(TEXT, *r('"the border is closed."')) == r("the border is closed")
    assert extent(TEXT, []) is None
    assert extent(TEXT, [r("The"), r("minister")]) == r("The minister")


def test_exact_and_overlap_scores() -> None:
    pred = [
        # right cue and source; content without the quote marks still exact after trimming
        SpanAttribution(
            cue=[r("said")], source=[r("The minister")], content=[r("the border is closed")]
        ),
        # right cue, content misses "that": content not exact, overlap partial
        SpanAttribution(cue=[r("added")], source=[r("Officials")], content=[r("talks failed")]),
        # spurious
        SpanAttribution(cue=[r("failed")]),
    ]
    scorer = SpanScorer()
    scorer.add(TEXT, GOLD, pred)
    out = scorer.as_dict()
    assert out["cue"]["exact"]["tp"] == 2 and out["cue"]["exact"]["fp"] == 1
    assert out["cue"]["exact"]["fn"] == 0
    assert out["source"]["exact"]["recall"] == 1.0
    assert out["content"]["exact"]["tp"] == 1 and out["content"]["exact"]["fn"] == 1
    # content words: gold 4 + 3 = 7, ours 4 + 2 = 6, shared 6
    assert out["content"]["overlap"]["precision"] == 1.0
    assert out["content"]["overlap"]["recall"] == pytest.approx(6 / 7, abs=1e-4)
    # cue words: gold {said, added}; ours {said, added, failed}
    assert out["cue"]["overlap"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["attribution_exact"]["tp"] == 1


def test_missing_sources_agree_only_with_missing_sources() -> None:
    gold = [SpanAttribution(cue=[r("added")], content=[r("that talks failed")])]
    scorer = SpanScorer()
    scorer.add(TEXT, gold, [SpanAttribution(cue=[r("added")], content=[r("that talks failed")])])
    assert scorer.as_dict()["source"]["exact"]["f1"] == 1.0
    scorer = SpanScorer()
    scorer.add(TEXT, gold, [SpanAttribution(cue=[r("added")], source=[r("Officials")])])
    assert scorer.as_dict()["source"]["exact"]["tp"] == 0


def _analysis(text: str, source_span_: Span | None) -> Analysis:
    minister = Entity(
        id="person:minister",
        name="the minister",
        type="person",
        mentions=[
            Mention(
                entity=EntityRef(id="person:minister", name="the minister"), span=sp("The minister")
            )
        ],
    )
    attribution = Attribution(
        id="a1",
        source=EntityRef(id="person:minister", name="the minister"),
        source_span=source_span_,
        cue=sp("said"),
        content=sp("the border is closed"),
        evidence=Span(start=0, end=41, text=TEXT[:41]),
    )
    return Analysis(
        document=Document(id="d", text=text), entities=[minister], attributions=[attribution]
    )


def test_source_span_fallbacks() -> None:
    given = sp("minister")
    assert source_span(_analysis(TEXT, given).attributions[0], _analysis(TEXT, given)) == (
        given,
        "source_span",
    )
    analysis = _analysis(TEXT, None)
    span, path = source_span(analysis.attributions[0], analysis)
    assert path == "entity_mention" and span is not None and span.text == "The minister"
    analysis.entities[0].mentions.clear()
    span, path = source_span(analysis.attributions[0], analysis)
    assert (
        path == "name_in_sentence"
        and span is not None
        and (span.start, span.end) == r("The minister")
    )


def test_predicted_maps_back_and_drops_discarded() -> None:
    original = "Junk line\n\n" + TEXT
    analysis = _analysis(TEXT, None)
    got, paths = predicted(analysis, Alignment(original, TEXT))
    assert paths == {"entity_mention": 1}
    assert got[0].cue == [r("said", original)]
    assert got[0].source == [r("The minister", original)]
    none, _ = predicted(analysis, Alignment(original, TEXT), discard=[r("said", original)])
    assert none == []


def test_dev_floors(
    shared: Path, script: Callable[[str], ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    script("polnear").main(["--json", "--limit", str(LIMIT)])
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == LIMIT
    for (role, kind), floor in FLOORS.items():
        got = result[role][kind]["f1"]
        assert got >= floor, f"{role} {kind} F1: {got} < {floor}"
