"""claimgraph: sourced, graded claims from open reports.

>>> from claimgraph import analyze
>>> result = analyze("Russia has reportedly agreed to supply 12 tanks to Serbia.")
"""

from claimgraph.pipeline import analyze_text as analyze

__all__ = ["analyze"]
__version__ = "0.1.0"
