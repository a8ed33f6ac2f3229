"""Full-text search: FTS5 hits and misses, unsafe queries, the LIKE fallback, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.errors import InputError
from claimgraph.store import Store
from claimgraph.store.search import make_snippet, quote_terms, search


@pytest.fixture
def filled(store: Store, make_analysis, make_plain) -> Store:
    store.save_analysis(make_analysis())
    store.save_analysis(
        make_plain(
            "Germany will send Leopard tanks to Poland by 2026.", title="Leopards for Poland"
        )
    )
    return store


def _hits(store: Store, query: str) -> set[tuple[str, str | None]]:
    return {(h.kind, h.claim_id) for h in search(store, query)}


def test_hit_in_document_and_claim_evidence(filled: Store) -> None:
    assert _hits(filled, "S-400 India") == {("document", None), ("claim", "c1")}


def test_hit_in_title_only(filled: Store) -> None:
    hits = search(filled, "Leopards")  # "Leopards" is in the title; the text has "Leopard"
    assert hits and hits[0].title == "Leopards for Poland"


def test_stemming_and_miss(filled: Store) -> None:
    assert ("document", None) in _hits(filled, "missiles")
    assert search(filled, "submarine") == []


def test_snippet_marks_the_match(filled: Store) -> None:
    hit = next(h for h in search(filled, "drones") if h.kind == "document")
    assert "**drones**" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "S-400",
        "(India",
        "NEAR(India",
        "India AND",
        "title:",
        "a:b:c",
        "India -Russia",
    ],
)
def test_malformed_fts_queries_do_not_raise(filled: Store, query: str) -> None:
    search(filled, query)


def test_fts_syntax_still_works(filled: Store) -> None:
    assert _hits(filled, "drones OR tanks") == {("document", None)}
    assert len(search(filled, "Leop*")) == 1


@pytest.mark.parametrize("query", ["", "   ", '""', "AND OR", "NEAR("])
def test_empty_query_is_an_input_error(filled: Store, query: str) -> None:
    with pytest.raises(InputError, match="empty search query"):
        search(filled, query)


def test_like_fallback_for_backends_without_fts(filled: Store) -> None:
    filled.fts = False
    assert _hits(filled, "s-400 INDIA") == {("document", None), ("claim", "c1")}
    assert search(filled, "100%") == []
    assert search(filled, "submarine") == []


def test_quote_terms() -> None:
    assert quote_terms('S-400 "unbalanced') == '"S-400" "unbalanced"'


def test_make_snippet() -> None:
    body = "x " * 200 + "the S-400 arrived" + " y" * 200
    snippet = make_snippet(body, ["s-400"])
    assert "**S-400**" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_search_command(filled: Store, db_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["search", "--db", str(db_path), "--json", "S-400"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert {h["kind"] for h in hits} == {"document", "claim"}
    assert set(hits[0]) == {"kind", "doc_id", "claim_id", "title", "source", "snippet"}

    table = runner.invoke(main, ["search", "--db", str(db_path), '"unbalanced'])
    assert table.exit_code == 0 and "0 matches" in table.stdout

    empty = runner.invoke(main, ["search", "--db", str(db_path), '""'])
    assert empty.exit_code == 2
    assert empty.stderr.strip() == "error: empty search query: give one or more words"
