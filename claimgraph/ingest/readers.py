"""Plain-text and Markdown readers with checks for the inputs that are not documents."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawInput:
    """Text of one input item and where it came from."""

    text: str
    source: str
    media_type: str


def read_input(path: str | Path) -> RawInput:
    """Read one file as text, refusing what is not a readable document."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; use 'claimgraph ingest' for folders")
    data = p.read_bytes()
    return RawInput(text=decode(data, str(p)), source=str(p), media_type="text/plain")


def read_stdin() -> RawInput:
    """Read a document from standard input."""
    return RawInput(text=decode(sys.stdin.buffer.read(), "<stdin>"), source="-", media_type="text/plain")


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 text, or raise a clear error."""
    if not data.strip():
        raise InputError(f"{name}: empty document")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data) / 1e6:.0f} MB is over the {MAX_BYTES // 2**20} MiB limit")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary data, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 text ({exc.reason} at byte {exc.start})") from None
