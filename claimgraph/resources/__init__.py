"""Data resources (gazetteers, lexicons, taxonomies) shipped with the package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (about ten times faster at start-up), same safe schema.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(name: str) -> Any:
    """Load a YAML resource by its path relative to ``claimgraph/resources``."""
    ref = resources.files("claimgraph.resources").joinpath(name)
    return yaml.load(ref.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (safe loader)


def resource_text(name: str) -> str:
    """The text of a resource file by its path relative to ``claimgraph/resources``."""
    return resources.files("claimgraph.resources").joinpath(name).read_text(encoding="utf-8")


def list_resources(folder: str, suffix: str = ".yaml") -> list[str]:
    """Names (relative paths) of the resource files in a folder, sorted."""
    base = resources.files("claimgraph.resources").joinpath(folder)
    return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.name.endswith(suffix))


def has_resource(name: str) -> bool:
    """Does a resource file exist?"""
    return resources.files("claimgraph.resources").joinpath(name).is_file()
