"""Readers: bytes in, one raw text per input item out (DESIGN.md §2 'read')."""

from claimgraph.ingest.readers import RawInput, read_input, read_stdin

__all__ = ["RawInput", "read_input", "read_stdin"]
