"""Run the claimgraph CLI with a slow, synthetic pipeline (helper of the SIGKILL test).

The store, the readers and the command are the real ones; only ``analyze_text`` is replaced by
a function that sleeps ``SLOW_INGEST_DELAY`` seconds and returns a known number of records per
document (``claims=<k>`` in its text), so a killed run can be checked for half-written documents.
"""

from __future__ import annotations

import os
import re
import time

from claimgraph import pipeline
from claimgraph.model import (
    Analysis,
    Claim,
    Document,
    Entity,
    EntityRef,
    Mention,
    Relation,
    Span,
    Transfer,
)
from claimgraph.text.clean import document_id

ENTITIES = (
    ("country:RU", "Russia"),
    ("country:IN", "India"),
    ("org:rosoboronexport", "Rosoboronexport"),
)


def synthetic_analysis(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
    meta: object = None,
) -> Analysis:
    """A document with ``k`` claims, 3 shared entities with 2 mentions each, 1 transfer."""
    time.sleep(float(os.environ.get("SLOW_INGEST_DELAY", "0")))
    clean = text.strip()
    doc = Document(
        id=document_id(clean),
        source=source,
        published=published,
        title=title,
        outlet=outlet,
        media_type=media_type,
        text=clean,
    )
    k = int(re.search(r"claims=(\d+)", clean).group(1))  # type: ignore[union-attr]
    refs = [EntityRef(id=i, name=n) for i, n in ENTITIES]
    entities = [
        Entity(
            id=ref.id,
            name=ref.name,
            type="state",
            mentions=[
                Mention(entity=ref, span=_span(clean, m.start(), m.end()))
                for m in list(re.finditer(re.escape(ref.name), clean))[:2]
            ],
        )
        for ref in refs
    ]
    sentences = [m for m in re.finditer(r"[^.]+\.", clean)][:k]
    claims = [
        Claim(
            id=f"c{i}",
            doc_id=doc.id,
            subject=refs[0],
            object=refs[1],
            certainty="fact",
            relation=Relation(name="provide_military_aid"),
            evidence=_span(clean, s.start(), s.end()),
        )
        for i, s in enumerate(sentences)
    ]
    transfer = Transfer(
        id="t0",
        doc_id=doc.id,
        supplier=refs[0],
        recipient=refs[1],
        item="S-400",
        status="delivered",
        evidence=claims[0].evidence,
    )
    return Analysis(document=doc, entities=entities, claims=claims, transfers=[transfer])


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


if __name__ == "__main__":
    pipeline.analyze_text = synthetic_analysis  # type: ignore[assignment]
    from claimgraph.cli import main

    main()
