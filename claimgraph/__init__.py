"""claimgraph: sourced, graded claims from open reports.

>>> from claimgraph import analyze
>>> result = analyze("Russia has reportedly agreed to supply 12 tanks to Serbia.")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimgraph.model import Analysis

__all__ = ["analyze"]
__version__ = "0.1.0"


def analyze(text: str, **options: Any) -> Analysis:
    """Analyse one document's text: exactly what ``claimgraph analyze - --json`` prints for it
    (see :func:`claimgraph.pipeline.analyze` for the options)."""
    from claimgraph.pipeline import analyze as run

    return run(text, **options)
