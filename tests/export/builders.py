"""Hand-built analyses for the export tests: a leak relayed by a hacker group, a transfer with a
date, an anonymous official, a denial in a second document, and hostile markup in the text."""

from __future__ import annotations

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
from claimgraph.text.clean import document_id

LEAK_TEXT = (
    "Leaked files: Ruritania agreed to sell 24 <script>alert(1)</script> Falcon drones to "
    "Osterlich in 2024, the hacking group Night Owl said.\n"
    "A defence official in Vienna said the first drones would arrive by 2026.\n"
    "Share this article"
)
DENIAL_TEXT = "Ruritania denied selling drones to Osterlich, its foreign ministry said on Monday."

RURITANIA = EntityRef(id="country:RT", name="Ruritania")
OSTERLICH = EntityRef(id="country:OS", name="Osterlich")
NIGHT_OWL = EntityRef(id="group:night-owl", name="Night Owl")
OFFICIAL = EntityRef(id="source:a-defence-official", name="a defence official")
VIENNA = EntityRef(id="place:vienna", name="Vienna")
MINISTRY = EntityRef(id="gov:rt-mfa", name="Ruritanian foreign ministry")


def span(text: str, part: str) -> Span:
    """The span of the first occurrence of ``part``."""
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def _said_in(text: str, line: str) -> Span:
    start = text.index("said", text.index(line))
    return Span(start=start, end=start + 4, text="said")


def _mention(ref: EntityRef, text: str, part: str, how: str = "gazetteer") -> Mention:
    return Mention(entity=ref, span=span(text, part), how=how)


def leak_analysis() -> Analysis:
    """The leak: a transfer claim (hacker group origin) and a forecast from an anonymous
    official, with hostile markup in the text."""
    text = LEAK_TEXT
    doc = Document(
        id=document_id(text),
        source="leak.txt",
        title="Leak <b>claims</b> drone sale",
        outlet="Example Wire",
        authors=["Jo Writer"],
        text=text,
        language="en",
        published="2025-03-01",
        published_precision="day",
    )
    first = text.split("\n")[0]
    second = text.split("\n")[1]
    entities = [
        Entity(
            id=RURITANIA.id,
            name="Ruritania",
            type="state",
            country="RT",
            aliases=["Kingdom of Ruritania"],
            external_ids={"wikidata": "Q999"},
            mentions=[_mention(RURITANIA, text, "Ruritania")],
        ),
        Entity(
            id=OSTERLICH.id,
            name="Osterlich",
            type="state",
            country="OS",
            mentions=[_mention(OSTERLICH, text, "Osterlich")],
        ),
        Entity(
            id=NIGHT_OWL.id,
            name="Night Owl",
            type="hacker_group",
            mentions=[_mention(NIGHT_OWL, text, "Night Owl")],
        ),
        Entity(id=OFFICIAL.id, name="a defence official", type="source", country="OS"),
        Entity(
            id=VIENNA.id,
            name="Vienna",
            type="location",
            country="AT",
            mentions=[_mention(VIENNA, text, "Vienna")],
        ),
    ]
    sale = Claim(
        id="c1",
        doc_id=doc.id,
        subject=RURITANIA,
        relation=Relation(name="supply", plover="AID", mode="military", verb="sell"),
        object=OSTERLICH,
        time=TimeExpr(value="2024", precision="year", span=span(text, "2024"), label="2024"),
        quantity=24,
        certainty="reported",
        cues=[Cue(span=span(text, "said"), certainty="reported", kind="attribution")],
        attribution=[Hop(source=NIGHT_OWL, cue=span(text, "said"))],
        evidence=span(text, first),
        transfer_ids=["t1"],
    )
    forecast = Claim(
        id="c2",
        doc_id=doc.id,
        subject=RURITANIA,
        relation=Relation(name="supply", plover="AID", verb="arrive", future=True),
        object=OSTERLICH,
        time=TimeExpr(value="2026", precision="year", qualifier="by", label="by 2026"),
        certainty="possible",
        cues=[Cue(span=span(text, "would"), certainty="possible", kind="modal")],
        attribution=[Hop(source=OFFICIAL, anonymous=True, cue=_said_in(text, second))],
        evidence=span(text, second),
    )
    transfer = Transfer(
        id="t1",
        doc_id=doc.id,
        claim_id="c1",
        supplier=RURITANIA,
        recipient=OSTERLICH,
        item="combat drone",
        designation="Falcon",
        category="aircraft",
        quantity=24,
        quantity_text="24",
        status="agreed",
        order_year=2024,
        certainty="reported",
        attribution=[Hop(source=NIGHT_OWL)],
        evidence=span(text, first),
    )
    grades = [
        Grade(
            claim_id="c1",
            source=NIGHT_OWL,
            reliability="F",
            credibility=3,
            rationale=["originating source: Night Owl, hacker group, reliability F"],
        ),
        Grade(
            claim_id="c2",
            source=OFFICIAL,
            reliability="D",
            credibility=4,
            rationale=["anonymous source", "hedged: would"],
        ),
    ]
    return Analysis(
        document=doc,
        entities=entities,
        claims=[sale, forecast],
        transfers=[transfer],
        attributions=[
            Attribution(
                id="a1",
                source=NIGHT_OWL,
                cue=span(text, "said"),
                evidence=span(text, first),
            )
        ],
        timeline=[
            TimelineEntry(
                when="2024",
                precision="year",
                label="2024",
                forecast=False,
                claim_id="c1",
                what="Ruritania sell Osterlich — drones",
                certainty="reported",
            ),
            TimelineEntry(
                when="2026",
                precision="year",
                label="by 2026",
                forecast=True,
                claim_id="c2",
                what="Ruritania arrive Osterlich",
                certainty="possible",
            ),
        ],
        grades=grades,
    )


def denial_analysis() -> Analysis:
    """A second document denying the sale."""
    text = DENIAL_TEXT
    doc = Document(
        id=document_id(text),
        source="denial.txt",
        title="Ruritania denies drone sale",
        text=text,
        published="2025-03-03",
        published_precision="day",
    )
    claim = Claim(
        id="c1",
        doc_id=doc.id,
        subject=RURITANIA,
        relation=Relation(name="supply", plover="AID", verb="sell", negated=True),
        object=OSTERLICH,
        certainty="denied",
        cues=[Cue(span=span(text, "denied"), certainty="denied", kind="denial")],
        attribution=[Hop(source=MINISTRY, cue=span(text, "said"))],
        evidence=span(text, text),
    )
    entities = [
        Entity(
            id=RURITANIA.id,
            name="Ruritania",
            type="state",
            country="RT",
            mentions=[_mention(RURITANIA, text, "Ruritania")],
        ),
        Entity(
            id=OSTERLICH.id,
            name="Osterlich",
            type="state",
            country="OS",
            mentions=[_mention(OSTERLICH, text, "Osterlich")],
        ),
        Entity(
            id=MINISTRY.id,
            name="Ruritanian foreign ministry",
            type="government_body",
            country="RT",
            mentions=[_mention(MINISTRY, text, "foreign ministry")],
        ),
    ]
    grade = Grade(
        claim_id="c1",
        source=MINISTRY,
        reliability="C",
        credibility=5,
        rationale=["official statement", "denied"],
    )
    return Analysis(document=doc, entities=entities, claims=[claim], grades=[grade])
