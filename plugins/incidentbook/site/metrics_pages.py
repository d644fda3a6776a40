"""Placeholder: filled in by its capability."""

from __future__ import annotations

from typing import Iterable

from . import Asset, Context, Page


def build(context: Context) -> Iterable[Page | Asset]:
    return []
