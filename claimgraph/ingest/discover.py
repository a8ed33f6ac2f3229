"""Find the documents to ingest among files and folders given on the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.ingest.readers import looks_like_text
from claimgraph.ingest.sniff import DOCUMENT_SUFFIXES, suffix_of
from claimgraph.ingest.web import is_url

TEXT_SUFFIXES = DOCUMENT_SUFFIXES
"""Suffixes taken from folders (text, Markdown, HTML, PDF, DOCX, e-mail, feeds, archives);
extension-less files are taken when they look like text."""


@dataclass
class Discovery:
    """What was found under the given paths."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Files named explicitly are always taken, and so are http(s) URLs; folders are walked
    recursively, skipping hidden files and folders and files of unsupported types."""
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            if raw not in found.urls:
                found.urls.append(raw)
            continue
        path = Path(raw)
        if not path.exists():
            found.missing.append(str(raw))
            continue
        candidates = _walk(path, found.ignored) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found


def is_document(path: Path) -> bool:
    """True if a file found in a folder should be read as a document."""
    if path.name.startswith("."):
        return False
    suffix = suffix_of(path.name)
    if suffix in TEXT_SUFFIXES:
        return True
    return suffix == "" and looks_like_text(path)


def _walk(folder: Path, ignored: list[Path]) -> Iterator[Path]:
    """Documents under ``folder`` in a stable (sorted) order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not path.is_file():
                continue
            if is_document(path):
                yield path
            elif not name.startswith("."):
                ignored.append(path)
