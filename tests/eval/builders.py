"""A hand-built analysis of TEXT and a gold checklist that matches it (no pipeline involved)."""

from __future__ import annotations

from typing import Any

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
    Relation,
    Removal,
    Span,
    TimeExpr,
    TimelineEntry,
    Transfer,
)

TEXT = """Hand-made report
Russia has reportedly agreed to train and arm a Chinese airborne battalion.
According to Black Moon, the files were passed to RUSI.
- 37 light amphibious assault vehicles
Earlier this September, Xi Jinping hosted Vladimir Putin and Kim Jong Un in Beijing.
Taiwan may face a greater military threat by the end of this decade.
This article was written by Jens Bogen, who may have used AI."""


def span(phrase: str, text: str = TEXT) -> Span:
    """The span of the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


def ref(entity_id: str, name: str) -> EntityRef:
    return EntityRef(id=entity_id, name=name)


RUSSIA = ref("country:RU", "Russia")
CHINA = ref("country:CN", "China")
BLACK_MOON = ref("org:black-moon", "Black Moon")
RUSI = ref("org:rusi", "RUSI")


def _entities() -> list[Entity]:
    return [
        Entity(id="country:RU", name="Russia", type="state", country="RU", aliases=["Moscow"]),
        Entity(id="country:CN", name="China", type="state", country="CN", aliases=["Beijing"]),
        Entity(id="country:TW", name="Taiwan", type="state", country="TW"),
        Entity(id="org:black-moon", name="Black Moon", type="hacker_group"),
        Entity(id="org:rusi", name="RUSI", type="think_tank", country="GB"),
        Entity(id="person:xi", name="Xi Jinping", type="person", country="CN"),
        Entity(id="person:putin", name="Vladimir Putin", type="person", country="RU"),
        Entity(id="person:kim", name="Kim Jong Un", type="person", country="KP"),
        Entity(id="person:jens-bogen", name="Jens Bogen", type="person", roles=["author"]),
    ]


def _claims() -> list[Claim]:
    c1 = Claim(
        id="c1",
        doc_id="d",
        subject=ref("country:RU", "Moscow"),
        relation=Relation(name="provide_military_aid", plover="AID", verb="arm"),
        object=CHINA,
        certainty="reported",
        cues=[Cue(span=span("reportedly"), certainty="reported", kind="report")],
        attribution=[Hop(source=BLACK_MOON, cue=span("According to")), Hop(source=RUSI)],
        evidence=span(
            "Russia has reportedly agreed to train and arm a Chinese airborne battalion."
        ),
        transfer_ids=["t1"],
    )
    c2 = Claim(
        id="c2",
        doc_id="d",
        subject=ref("person:xi", "Xi Jinping"),
        relation=Relation(name="host", plover="CONSULT", verb="host"),
        object=ref("person:putin", "Vladimir Putin"),
        others=[ref("person:kim", "Kim Jong Un")],
        time=TimeExpr(value="XXXX-09", precision="month", label="September"),
        location=ref("country:CN", "Beijing"),
        certainty="fact",
        evidence=span("Xi Jinping hosted Vladimir Putin and Kim Jong Un in Beijing."),
    )
    c3 = Claim(
        id="c3",
        doc_id="d",
        subject=ref("country:TW", "Taiwan"),
        relation=Relation(name="face_threat", plover="THREATEN", mode="forecast"),
        time=TimeExpr(
            value="2030", precision="year", qualifier="by", label="by 2030", forecast=True
        ),
        certainty="possible",
        cues=[Cue(span=span("may face"), certainty="possible", kind="modal")],
        evidence=span("Taiwan may face a greater military threat by the end of this decade."),
    )
    return [c1, c2, c3]


def make_analysis() -> Analysis:
    """An analysis of TEXT with consistent spans."""
    document = Document(
        id="d",
        text=TEXT,
        language="en",
        authors=["Jens Bogen"],
        headings=[span("Hand-made report")],
        removed=[Removal(text="Also read", reason="junk", line=3)],
        ai_disclosure=span("who may have used AI."),
    )
    transfer = Transfer(
        id="t1",
        doc_id="d",
        claim_id="c1",
        supplier=RUSSIA,
        recipient=CHINA,
        item="light amphibious assault vehicles",
        category="armoured vehicles",
        quantity=37,
        quantity_text="37",
        status="planned",
        order_year=2023,
        evidence=span("37 light amphibious assault vehicles"),
    )
    attribution = Attribution(
        id="a1",
        source=BLACK_MOON,
        source_span=span("Black Moon"),
        cue=span("According to"),
        content=span("the files were passed to RUSI"),
        kind="according_to",
        evidence=span("the files were passed to RUSI."),
    )
    timeline = [
        TimelineEntry(
            when="XXXX-09",
            precision="month",
            label="September",
            forecast=False,
            claim_id="c2",
            what="Xi Jinping hosts Vladimir Putin",
            certainty="fact",
        ),
        TimelineEntry(
            when="2030",
            precision="year",
            label="by 2030",
            forecast=True,
            claim_id="c3",
            what="Taiwan faces a threat",
            certainty="possible",
        ),
    ]
    grade = Grade(
        claim_id="c1",
        source=BLACK_MOON,
        reliability="C",
        credibility=3,
        rationale=["single origin: a leak", "hedged by 'reportedly'"],
    )
    return Analysis(
        document=document,
        entities=_entities(),
        claims=_claims(),
        transfers=[transfer],
        attributions=[attribution],
        timeline=timeline,
        grades=[grade],
    )


GOLD_WHAT_2030 = "Greater military threat to Taiwan by the end of the decade"

GOLD: dict[str, Any] = {
    "about": "test gold",
    "document": {
        "language": "en",
        "author": "jens bogen",
        "ai_assistance_disclosed": True,
        "publication_date_in_text": None,
        "lede": "Russia has reportedly agreed",
        "lede_occurrences_in_clean_text": 1,
        "removed_lines": ["Also read"],
        "kept_headings": ["Hand-made report"],
    },
    "entities": [
        {"name": "Russia", "type": "state", "country": "RU", "aliases": ["Moscow"]},
        {"name": "China", "type": "state", "country": "CN", "aliases": ["Beijing", "Chinese"]},
        {"name": "Royal United Services Institute", "type": "think_tank", "aliases": ["RUSI"]},
        {"name": "Jens Bogen", "type": "person", "role": "author"},
    ],
    "equipment": [
        {"item": "light amphibious assault vehicle", "category": "armored vehicle", "quantity": 37},
    ],
    "transfers": [
        {
            "supplier": "Russia",
            "recipient": "China",
            "item": "light amphibious assault vehicle",
            "quantity": 37,
            "status": ["planned", "agreed"],
            "kind": ["arms"],
            "year": 2023,
            "evidence": "37 light amphibious assault vehicles",
        },
    ],
    "claims": [
        {
            "id": "C1",
            "subject": "Russia",
            "relation": ["arm", "military aid"],
            "object": "China",
            "certainty": ["reported"],
            "cues": ["reportedly"],
            "evidence": "Russia has reportedly agreed to train and arm",
            "sources_include": ["Black Moon", "Royal United Services Institute"],
        },
        {
            "id": "C2",
            "subject": "Xi Jinping",
            "relation": ["host"],
            "object": ["Vladimir Putin", "Kim Jong Un"],
            "certainty": ["fact"],
            "time": "2025-09",
            "year_may_be_open": True,
            "location": "Beijing",
            "evidence": "Xi Jinping hosted Vladimir Putin",
            "time_note": "ignored",
        },
        {
            "id": "C3",
            "subject": "Taiwan",
            "relation": ["forecast"],
            "certainty": ["possible"],
            "cues": ["may"],
            "time": "by 2030",
            "evidence": "may face a greater military threat",
        },
    ],
    "attributions": [
        {
            "source": "Black Moon",
            "cue": ["according to", "said"],
            "evidence": "According to Black Moon",
            "anonymous": False,
        },
    ],
    "provenance_chain_for_C1": {"must_include_in_order": ["Black Moon", "RUSI"]},
    "grading": {
        "C1": {
            "reliability_not": ["A"],
            "credibility_in": [2, 3],
            "rationale_mentions": ["single", "leak", "reportedly"],
        },
    },
    "timeline": [
        {"when": "2025-09", "what": "Xi hosts Putin at a parade", "year_may_be_open": True},
        {"when": "2030", "what": GOLD_WHAT_2030},
    ],
}
