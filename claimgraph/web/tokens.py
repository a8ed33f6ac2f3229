"""API tokens: ``cg_<id>_<secret>``; only a salted scrypt hash of the secret is stored.

Roles: ``read`` (everything that reads) and ``editor`` (also uploads, entity edits and
reliability overrides). A token is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update

from claimgraph.errors import InputError
from claimgraph.export.tables import api_tokens
from claimgraph.store.db import Store
from claimgraph.store.engine import write_transaction

ROLES = ("read", "editor")
PREFIX = "cg_"
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class TokenInfo:
    """A stored token (never its secret)."""

    id: str
    name: str
    role: str
    created_at: str
    last_used_at: str | None
    revoked: bool


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, **SCRYPT).hex()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create_token(store: Store, role: str, name: str | None = None) -> tuple[str, TokenInfo]:
    """Create a token; return the token text (shown once) and its record."""
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    token_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    info = TokenInfo(token_id, name or f"{role} token", role, _now(), None, False)
    with write_transaction(store.engine) as conn:
        conn.execute(
            api_tokens.insert().values(
                id=token_id,
                name=info.name,
                role=role,
                salt=salt.hex(),
                hash=_hash(secret, salt),
                created_at=info.created_at,
                revoked=False,
            )
        )
    return f"{PREFIX}{token_id}_{secret}", info


def list_tokens(store: Store) -> list[TokenInfo]:
    """Every token, oldest first."""
    t = api_tokens
    with store.reading() as conn:
        rows = conn.execute(select(t).order_by(t.c.created_at, t.c.id))
        return [
            TokenInfo(r.id, r.name, r.role, r.created_at, r.last_used_at, bool(r.revoked))
            for r in rows
        ]


def revoke_token(store: Store, token_id: str) -> bool:
    """Revoke a token by id; False if there is no such token."""
    t = api_tokens
    with write_transaction(store.engine) as conn:
        result = conn.execute(update(t).where(t.c.id == token_id).values(revoked=True))
    return bool(result.rowcount)


class TokenChecker:
    """Verifies tokens against the store, caching good ones briefly (scrypt is slow on
    purpose) and recording when a token was last used."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, tuple[TokenInfo, float]] = {}
        self._lock = threading.Lock()

    def check(self, token: str) -> TokenInfo | None:
        """The token's record if it is valid and not revoked, else None."""
        key = hashlib.sha256(token.encode("utf-8")).hexdigest()
        with self._lock:
            cached = self._cache.get(key)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        info = self._verify(token)
        if info is not None:
            with self._lock:
                self._cache[key] = (info, time.monotonic() + CACHE_SECONDS)
        return info

    def forget(self) -> None:
        """Drop the cache (after a revocation through the API)."""
        with self._lock:
            self._cache.clear()

    def _verify(self, token: str) -> TokenInfo | None:
        parts = token.strip().split("_", 2)
        if len(parts) != 3 or f"{parts[0]}_" != PREFIX or not parts[1] or not parts[2]:
            return None
        token_id, secret = parts[1], parts[2]
        t = api_tokens
        with self.store.reading() as conn:
            row = conn.execute(select(t).where(t.c.id == token_id)).first()
        if row is None or row.revoked:
            return None
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(row.salt)), row.hash):
            return None
        used = _now()
        with write_transaction(self.store.engine) as conn:
            conn.execute(update(t).where(t.c.id == token_id).values(last_used_at=used))
        return TokenInfo(row.id, row.name, row.role, row.created_at, used, False)
