"""Readers: bytes in, one raw text per input item out (DESIGN.md §2 'read'); batch ingest.

The batch functions (``ingest_paths``, ``ingest_file``, ``IngestReport``) are loaded on first use
so that reading one document does not import the store.
"""

from typing import Any

from claimgraph.ingest.readers import RawInput, read_input, read_stdin

_BATCH = ("IngestReport", "ItemResult", "ingest_file", "ingest_paths")

__all__ = ["RawInput", "read_input", "read_stdin", *_BATCH]


def __getattr__(name: str) -> Any:
    if name in _BATCH:
        from claimgraph.ingest import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
