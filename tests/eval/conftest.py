"""Fixtures of the checklist tests: a fresh analysis and gold file per test."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from claimgraph.model import Analysis

from .builders import GOLD, make_analysis


@pytest.fixture
def analysis() -> Analysis:
    return make_analysis()


@pytest.fixture
def gold() -> dict[str, Any]:
    return copy.deepcopy(GOLD)
