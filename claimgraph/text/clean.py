"""Cleaning: junk lines out, lede kept once, byline and AI disclosure as metadata."""

from __future__ import annotations

import hashlib

from claimgraph.model import Document


def document_id(clean_text: str) -> str:
    """sha256 of the whitespace-normalised clean text."""
    normalised = " ".join(clean_text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def build_document(
    raw: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
) -> Document:
    """Turn raw text into a clean :class:`Document` (placeholder: no cleaning yet)."""
    text = raw.strip()
    return Document(
        id=document_id(text),
        source=source,
        media_type=media_type,
        outlet=outlet,
        title=title,
        published=published,
        text=text,
    )
