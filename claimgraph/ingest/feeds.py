"""RSS/Atom reader (feedparser): each entry is one item with its date, link and id.

The feed is checked with defusedxml first, so entity-expansion and external-entity attacks
fail cleanly before feedparser sees them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from claimgraph.errors import InputError
from claimgraph.ingest.limits import Budget
from claimgraph.ingest.readers import RawInput
from claimgraph.ingest.xmlsafe import check_xml
from claimgraph.model import Origin
from claimgraph.text.html import fragment_text


def iter_feed(
    data: bytes, source: str, *, budget: Budget, origin: Origin | None
) -> Iterator[object]:
    """One item per feed entry (entries without text are failures of their own)."""
    import feedparser

    check_xml(data, source)
    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not feed.entries:
        reason = f"not a readable feed ({feed.bozo_exception})" if feed.bozo else "empty feed"
        raise InputError(f"{source}: {reason}")
    site = str(feed.feed.get("title", "")).strip() or None
    for number, entry in enumerate(feed.entries, 1):
        budget.take_member(source)
        entry_id = str(entry.get("id") or entry.get("link") or number)
        child = f"{source}#entry-{number}"
        text = _entry_text(entry)
        if not text.strip():
            from claimgraph.ingest.items import ItemFailure

            yield ItemFailure(child, "feed entry has no text")
            continue
        base = origin or Origin(container=source)
        yield RawInput(
            text=text,
            source=child,
            media_type="application/rss+xml",
            title=str(entry.get("title", "")).strip() or None,
            authors=_authors(entry),
            published=_date(entry),
            site_name=site,
            url=str(entry.get("link", "")).strip() or None,
            origin=base.model_copy(update={"feed_entry_id": entry_id}),
        )


def _entry_text(entry: Any) -> str:
    """The entry's full content if given, else its summary, as plain text."""
    contents = entry.get("content") or []
    html = "\n".join(str(c.get("value", "")) for c in contents) or str(entry.get("summary", ""))
    return fragment_text(html) if html.strip() else ""


def _authors(entry: Any) -> tuple[str, ...]:
    names = [str(a.get("name", "")).strip() for a in entry.get("authors", []) or []]
    names = [n for n in names if n]
    if not names and entry.get("author"):
        names = [str(entry["author"]).strip()]
    return tuple(names)


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None
