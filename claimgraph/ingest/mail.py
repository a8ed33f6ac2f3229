"""E-mail readers (stdlib ``email``): EML and MBOX.

A message is one item: its headers are metadata (Subject -> title, From -> author, Date ->
published, Message-ID -> origin) and its body the text (plain text preferred, else HTML).
Attachments are read recursively as their own items, linked to the message.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable, Iterator
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

from claimgraph.errors import InputError
from claimgraph.ingest.limits import Budget
from claimgraph.ingest.readers import RawInput, decode
from claimgraph.model import Origin
from claimgraph.text.html import extract_html, fragment_text

Recurse = Callable[..., Iterator[object]]
"""``iter_bytes`` of ``items.py``: reads an attachment as items of its own."""

_MBOX_SPLIT = re.compile(rb"(?:^|\r?\n)From [^\r\n]*\r?\n")


def iter_message(
    data: bytes,
    source: str,
    *,
    budget: Budget,
    depth: int,
    origin: Origin | None,
    recurse: Recurse,
) -> Iterator[object]:
    """The message itself, then each attachment's items."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not _has_headers(message):
        raise InputError(f"{source}: not an e-mail message (no From, Subject or Date header)")
    message_id = str(message.get("Message-ID", "")).strip() or None
    base = origin or Origin(container=source)
    base = base.model_copy(update={"message_id": message_id})
    body = _body_text(message, source) or str(message.get("Subject", "")).strip()
    if body.strip():
        yield RawInput(
            text=body,
            source=source,
            media_type="message/rfc822",
            title=str(message.get("Subject", "")).strip() or None,
            authors=_senders(message),
            published=_date(message),
            origin=base,
        )
    for index, part in enumerate(_attachments(message), 1):
        filename = part.get_filename() or f"attachment-{index}"
        payload = _payload(part)
        child = f"{source}#attachment:{filename}"
        if not isinstance(payload, bytes):
            yield _failure(child, "attachment has no readable content")
            continue
        budget.check_file(len(payload), child)
        budget.take_bytes(len(payload), child)
        yield from recurse(
            payload,
            child,
            name=filename,
            budget=budget,
            depth=depth + 1,
            origin=base.model_copy(update={"attachment": filename}),
            parent=source,
            content_type=part.get_content_type(),
        )


def iter_mbox(
    data: bytes,
    source: str,
    *,
    budget: Budget,
    depth: int,
    origin: Origin | None,
    recurse: Recurse,
) -> Iterator[object]:
    """Each message of a mailbox (and its attachments)."""
    chunks = [c for c in _MBOX_SPLIT.split(data) if c.strip()]
    if not chunks:
        raise InputError(f"{source}: empty mailbox")
    for number, chunk in enumerate(chunks, 1):
        budget.take_member(source)
        child = f"{source}#message-{number}"
        try:
            yield from iter_message(
                _unquote_from(chunk),
                child,
                budget=budget,
                depth=depth,
                origin=origin or Origin(container=source),
                recurse=recurse,
            )
        except InputError as exc:
            yield _failure(child, str(exc))


def _payload(part: EmailMessage) -> bytes | None:
    """Decoded bytes of an attachment (a forwarded message as its RFC 822 bytes)."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_content()
        return bytes(inner) if isinstance(inner, Message) else None
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else None


def _failure(source: str, reason: str) -> object:
    from claimgraph.ingest.items import ItemFailure

    return ItemFailure(source, reason.removeprefix(f"{source}: "))


def _unquote_from(chunk: bytes) -> bytes:
    """mboxrd quoting: '>From ' at a line start stands for 'From '."""
    return re.sub(rb"(?m)^>(>*From )", rb"\1", chunk)


def _has_headers(message: Message) -> bool:
    return any(message.get(h) for h in ("From", "Subject", "Date", "Message-ID"))


def _senders(message: Message) -> tuple[str, ...]:
    found = getaddresses([str(v) for v in message.get_all("From", [])])
    return tuple(name or address for name, address in found if name or address)


def _date(message: Message) -> str | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _body_text(message: EmailMessage, source: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    charset = part.get_content_charset()
    if part.get_content_type() == "text/html":
        try:
            return extract_html(payload, charset=charset, name=source).text
        except InputError:
            return fragment_text(payload.decode(charset or "utf-8", errors="replace"))
    try:
        return payload.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return decode(payload, source)


def _attachments(message: EmailMessage) -> Iterator[EmailMessage]:
    for part in message.iter_attachments():
        if isinstance(part, EmailMessage):
            yield part
