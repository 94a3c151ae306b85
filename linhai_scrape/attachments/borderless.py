"""Borderless tables: rows of a label and numbers whose columns line up (placeholder)."""

from __future__ import annotations

from ..document import Table
from .geometry import Line


def find_borderless(lines: list[Line], page: int) -> tuple[list[Table], list[Line]]:
    return [], lines
