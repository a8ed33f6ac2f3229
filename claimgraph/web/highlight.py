"""A document's clean text as HTML with entity mentions, claim evidence, certainty cues and
headings marked, and the junk lines that cleaning removed shown where they stood.

Every piece of text goes through :func:`markupsafe.escape`; markup is only ever built from
fixed tags and escaped values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from claimgraph.model import Claim, Document, Entity, Mention, Removal


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # mention | claim | cue | heading | meta
    key: str
    label: str = ""


def removal_offsets(doc: Document) -> dict[int, list[Removal]] | None:
    """Clean-text offsets where removed lines stood (None when the clean text does not keep
    the raw line structure, e.g. after HTML extraction)."""
    if not doc.removed:
        return {}
    lines = doc.text.split("\n")
    removed = sorted(doc.removed, key=lambda r: r.line)
    total = len(lines) + len(removed)
    if any(r.line >= total for r in removed):
        return None
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    out: dict[int, list[Removal]] = {}
    for count, removal in enumerate(removed):
        clean_index = removal.line - count
        at = starts[clean_index] if clean_index < len(starts) else len(doc.text)
        out.setdefault(at, []).append(removal)
    return out


def highlight(
    doc: Document,
    mentions: list[Mention],
    claims: list[Claim],
    entities: dict[str, Entity],
    *,
    claim_href: Callable[[Claim], str],
    entity_href: Callable[[str], str],
) -> tuple[Markup, list[Removal]]:
    """The marked-up text, and the removed lines that could not be placed in it."""
    text = doc.text
    spans = _spans(doc, mentions, claims, entities)
    removals = removal_offsets(doc)
    unplaced = list(doc.removed) if removals is None else []
    removals = removals or {}
    cuts = {0, len(text), *removals}
    for span in spans:
        cuts.update((span.start, span.end))
    starts: dict[int, list[Claim]] = {}
    for claim in claims:
        starts.setdefault(claim.evidence.start, []).append(claim)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    parts: list[str] = []
    for a, b in zip(points, points[1:] + [None], strict=True):
        for removal in removals.get(a, []):
            parts.append(_removal(removal))
        for number, claim in _numbered(starts.get(a, []), claims):
            parts.append(
                f'<a class="claim-ref c-{escape(claim.certainty)}" '
                f'href="{escape(claim_href(claim))}" data-claim="{escape(claim.id)}" '
                f'title="{escape(claim.certainty)}: '
                f'{escape(_short(claim.evidence.text, 120))}">c{number}</a>'
            )
        if b is None or a == b:
            continue
        covering = [s for s in spans if s.start <= a and s.end >= b]
        parts.append(_segment(text[a:b], covering, entity_href))
    return Markup("".join(parts)), unplaced


def _numbered(found: list[Claim], claims: list[Claim]) -> list[tuple[int, Claim]]:
    index = {id(c): i + 1 for i, c in enumerate(claims)}
    return [(index[id(c)], c) for c in found]


def _spans(
    doc: Document, mentions: list[Mention], claims: list[Claim], entities: dict[str, Entity]
) -> list[_Span]:
    spans = [
        _Span(
            m.span.start,
            m.span.end,
            "mention",
            m.entity.id,
            entities[m.entity.id].type if m.entity.id in entities else "source",
        )
        for m in mentions
    ]
    for claim in claims:
        spans.append(_Span(claim.evidence.start, claim.evidence.end, "claim", claim.id))
        spans += [
            _Span(cue.span.start, cue.span.end, "cue", claim.id, cue.certainty)
            for cue in claim.cues
        ]
    spans += [_Span(h.start, h.end, "heading", "") for h in doc.headings]
    for name, meta in (("byline", doc.byline), ("AI-use disclosure", doc.ai_disclosure)):
        if meta is not None:
            spans.append(_Span(meta.start, meta.end, "meta", "", name))
    return [s for s in spans if 0 <= s.start < s.end <= len(doc.text)]


def _segment(piece: str, covering: list[_Span], entity_href: Callable[[str], str]) -> str:
    html = str(escape(piece))
    cue = next((s for s in covering if s.kind == "cue"), None)
    if cue is not None:
        label = escape(cue.label)
        html = f'<mark class="cue c-{label}" title="certainty cue: {label}">{html}</mark>'
    mention = min(
        (s for s in covering if s.kind == "mention"), key=lambda s: s.end - s.start, default=None
    )
    if mention is not None:
        html = (
            f'<a class="ent t-{escape(mention.label)}" href="{escape(entity_href(mention.key))}" '
            f'title="{escape(mention.key)}">{html}</a>'
        )
    claim_ids = sorted({s.key for s in covering if s.kind == "claim"})
    if claim_ids:
        html = f'<span class="ev" data-claims="{escape(" ".join(claim_ids))}">{html}</span>'
    if any(s.kind == "heading" for s in covering):
        html = f'<strong class="heading">{html}</strong>'
    meta = next((s for s in covering if s.kind == "meta"), None)
    if meta is not None:
        html = f'<span class="meta-span" title="{escape(meta.label)}">{html}</span>'
    return html


def _removal(removal: Removal) -> str:
    return (
        f'<span class="removed" title="removed: {escape(removal.reason)}">'
        f'<span class="removed-text">{escape(removal.text)}</span>'
        f'<span class="removed-reason">{escape(removal.reason)}</span></span>\n'
    )


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
