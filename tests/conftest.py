"""Shared fixtures: a temporary store, hand-built analyses, a CLI runner."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.model import (
    Analysis,
    Attribution,
    Claim,
    Cue,
    Document,
    Entity,
    EntityRef,
    Grade,
    Hop,
    Mention,
    Relation,
    Span,
    TimeExpr,
    TimelineEntry,
    Transfer,
)
from claimgraph.store import Store
from claimgraph.text.clean import document_id

MakeAnalysis = Callable[..., Analysis]

SAMPLE_TEXT = (
    "Russia delivered 14 S-400 missile systems to India in 2021, officials said. "
    "Moscow denied supplying drones to Iran."
)


def span_of(text: str, part: str) -> Span:
    """The span of the first occurrence of ``part`` in ``text``."""
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def build_analysis(
    text: str = SAMPLE_TEXT,
    *,
    title: str | None = "S-400 deliveries",
    source: str | None = "sample.txt",
    russia_alias: str = "Russian Federation",
) -> Analysis:
    """A small but complete analysis: entities with mentions, a claim, a transfer, an
    attribution, a timeline entry and a grade."""
    doc = Document(
        id=document_id(text),
        source=source,
        title=title,
        text=text,
        language="en",
        published="2022-01-10",
        published_precision="day",
    )
    russia = EntityRef(id="country:RU", name="Russia")
    india = EntityRef(id="country:IN", name="India")
    officials = EntityRef(id="source:officials", name="officials")
    sentence = span_of(text, text.split(". ")[0] + ".")
    entities = [
        Entity(
            id=russia.id,
            name="Russia",
            type="state",
            country="RU",
            aliases=[russia_alias],
            external_ids={"wikidata": "Q159"},
            mentions=[
                Mention(entity=russia, span=span_of(text, "Russia")),
                Mention(entity=russia, span=span_of(text, "Moscow"), how="metonym"),
            ],
        ),
        Entity(
            id=india.id,
            name="India",
            type="state",
            country="IN",
            mentions=[Mention(entity=india, span=span_of(text, "India"))],
        ),
    ]
    claim = Claim(
        id="c1",
        doc_id=doc.id,
        subject=russia,
        relation=Relation(name="provide_military_aid", plover="AID", verb="deliver"),
        object=india,
        time=TimeExpr(value="2021", precision="year", span=span_of(text, "2021")),
        quantity=14,
        certainty="reported",
        cues=[Cue(span=span_of(text, "said"), certainty="reported", kind="attribution")],
        attribution=[Hop(source=officials, cue=span_of(text, "said"))],
        evidence=sentence,
        transfer_ids=["t1"],
    )
    transfer = Transfer(
        id="t1",
        doc_id=doc.id,
        claim_id="c1",
        supplier=russia,
        recipient=india,
        item="S-400",
        designation="S-400 Triumf",
        category="air defence",
        quantity=14,
        quantity_text="14",
        status="delivered",
        delivery_years=[2021, 2022],
        certainty="reported",
        evidence=sentence,
    )
    attribution = Attribution(
        id="a1", source=officials, cue=span_of(text, "said"), evidence=sentence, anonymous=True
    )
    return Analysis(
        document=doc,
        entities=entities,
        claims=[claim],
        transfers=[transfer],
        attributions=[attribution],
        timeline=[
            TimelineEntry(
                when="2021",
                precision="year",
                label="2021",
                forecast=False,
                claim_id="c1",
                what="Russia delivers S-400 to India",
                certainty="reported",
            )
        ],
        grades=[
            Grade(
                claim_id="c1",
                source=officials,
                reliability="F",
                credibility=6,
                rationale=["single anonymous source"],
            )
        ],
    )


def plain_analysis(text: str, *, title: str | None = None, source: str | None = None) -> Analysis:
    """An analysis with a document and nothing derived from it."""
    return Analysis(document=Document(id=document_id(text), text=text, title=title, source=source))


@pytest.fixture
def make_plain() -> MakeAnalysis:
    """Build a document-only :class:`Analysis` (see :func:`plain_analysis`)."""
    return plain_analysis


@pytest.fixture
def make_analysis() -> MakeAnalysis:
    """Build a hand-made :class:`Analysis` (see :func:`build_analysis`)."""
    return build_analysis


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def integrity_ok(db: Path) -> bool:
    """SQLite's own check plus foreign keys."""
    with sqlite3.connect(db) as conn:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and not conn.execute("PRAGMA foreign_key_check").fetchall()


@pytest.fixture
def check_integrity() -> Callable[[Path], bool]:
    return integrity_ok
