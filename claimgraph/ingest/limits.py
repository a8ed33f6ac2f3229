"""Caps on what one input may cost: file size, archive depth, member count, total bytes."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.errors import InputError
from claimgraph.resources import load_yaml

MIB = 2**20


def _default(key: str) -> float:
    value: float = load_yaml("ingest.yaml")["limits"][key]
    return value


@dataclass(frozen=True)
class Limits:
    """Configurable caps (defaults: ``resources/ingest.yaml``)."""

    max_file_bytes: int = field(default_factory=lambda: int(_default("max_file_mb") * MIB))
    max_archive_depth: int = field(default_factory=lambda: int(_default("max_archive_depth")))
    max_members: int = field(default_factory=lambda: int(_default("max_members")))
    max_total_bytes: int = field(default_factory=lambda: int(_default("max_total_mb") * MIB))
    max_download_bytes: int = field(default_factory=lambda: int(_default("max_download_mb") * MIB))
    timeout_s: float = field(default_factory=lambda: float(_default("timeout_s")))
    max_redirects: int = field(default_factory=lambda: int(_default("max_redirects")))
    allow_private: bool = False
    ocr: bool = True


class CapExceeded(InputError):
    """A whole-input cap (total bytes, member count) was reached: reading stops there."""


@dataclass
class Budget:
    """What one top-level input has used so far, checked against its :class:`Limits`."""

    limits: Limits
    total_bytes: int = 0
    members: int = 0

    def take_member(self, source: str) -> None:
        """Count one more item read from a container."""
        self.members += 1
        if self.members > self.limits.max_members:
            raise CapExceeded(
                f"{source}: more than {self.limits.max_members} items in one input; "
                "stopped at the member cap"
            )

    def take_bytes(self, size: int, source: str) -> None:
        """Count bytes decompressed from a container."""
        self.total_bytes += size
        if self.total_bytes > self.limits.max_total_bytes:
            raise CapExceeded(
                f"{source}: expands to more than {self.limits.max_total_bytes / MIB:.0f} MiB "
                "in all; stopped at the total size cap (possible zip bomb)"
            )

    def check_file(self, size: int, source: str) -> None:
        """Refuse one file or member over the per-file cap."""
        if size > self.limits.max_file_bytes:
            raise InputError(
                f"{source}: {size / MIB:.1f} MiB is over the {self.limits.max_file_bytes // MIB} "
                "MiB size limit for one document; split it into smaller files"
            )
