"""Shared scoring helpers of the benchmarks, on hand-made values."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimgraph.errors import GoldFileError
from claimgraph.eval.gold import (
    PRF,
    Alignment,
    cameo_countries,
    certainty_scores,
    country_of_name,
    iso2_of_code,
    macro_f1,
    pearson,
    read_jsonl,
    run_benchmark,
    same_country,
    shared_file,
)


def test_prf() -> None:
    prf = PRF(tp=3, fp=1, fn=2)
    assert prf.precision == 0.75
    assert prf.recall == 0.6
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert PRF().f1 == 0.0


def test_pearson_and_macro_f1() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert macro_f1(["a", "a", "b", "b"], ["a", "a", "b", "b"]) == 1.0
    # a: P=1/2 R=1/2 -> .5 ; b: same -> .5
    assert macro_f1(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.5)


def test_country_codes() -> None:
    assert iso2_of_code("USA") == "US"
    assert iso2_of_code("ITL") == "IT"  # CAMEO spelling
    assert iso2_of_code("NOR") == "NO"  # not YAML's boolean
    assert iso2_of_code("IGO") is None
    assert cameo_countries("USAGOV+RUSGOV") == {"US", "RU"}
    assert cameo_countries("PSE***") == {"PS"}
    assert cameo_countries("IGOMIL") == set()
    assert cameo_countries(None) == set()
    assert country_of_name("South Korea") == "KR"
    assert country_of_name("Contras (Nicaragua)*") == "NI"
    assert same_country("SU", "RU")
    assert not same_country("US", None)


def test_certainty_scores_cover_the_scale() -> None:
    scores = certainty_scores()
    assert set(scores) == {
        "fact",
        "reported",
        "alleged",
        "probable",
        "possible",
        "doubtful",
        "denied",
    }
    assert scores["fact"] > scores["possible"] > scores["doubtful"]
    assert scores["fact"] > 0 > scores["denied"]


def test_alignment_maps_clean_offsets_back() -> None:
    original = "  Title line\n\nSubscribe now!\n\nThe army said  it moved.\n"
    clean = "Title line\n\nThe army said  it moved."
    al = Alignment(original, clean)
    start = clean.index("army")
    got = al.span_to_original(start, start + 4)
    assert got is not None and original[got[0] : got[1]] == "army"
    back = al.span_to_clean(*got)
    assert back == (start, start + 4)
    removed = original.index("Subscribe")
    assert al.span_to_clean(removed, removed + 9) is None


def test_alignment_of_a_changed_line() -> None:
    original = "He said \u201cno\u201d today."
    clean = 'He said "no" today.'
    al = Alignment(original, clean)
    got = al.span_to_original(clean.index("today"), len(clean) - 1)
    assert got is not None and original[got[0] : got[1]] == "today"


def test_read_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps({"a": 1}) + "\n\n" + json.dumps({"a": 2}) + "\n")
    assert [r["a"] for r in read_jsonl(path)] == [1, 2]
    assert [r["a"] for r in read_jsonl(path, 1)] == [1]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n")
    with pytest.raises(GoldFileError, match="bad.jsonl:1"):
        list(read_jsonl(bad))


def test_missing_shared_data_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_SHARED", str(tmp_path / "absent"))
    with pytest.raises(GoldFileError, match="shared data not found"):
        shared_file("data")

    def main(argv: list[str] | None) -> None:
        shared_file("data")

    assert run_benchmark(main, []) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: shared data not found") and err.count("\n") == 1
