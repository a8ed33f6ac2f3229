"""The one-document pipeline (DESIGN.md §2): clean -> annotate -> claims -> grades.

``analyze_text`` is the library entry point behind ``claimgraph analyze``; each stage is a plain
function from typed records to typed records and does no I/O.
"""

from __future__ import annotations

from claimgraph.model import Analysis
from claimgraph.text.clean import build_document


def analyze_text(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
) -> Analysis:
    """Analyse one document's raw text and return every record derived from it."""
    document = build_document(
        text, source=source, published=published, title=title, outlet=outlet, media_type=media_type
    )
    return Analysis(document=document)
