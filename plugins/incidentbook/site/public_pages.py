"""Placeholder: filled in by its capability."""

from __future__ import annotations

from typing import Iterable

from . import Asset, Context, Page


def build(context: Context) -> Iterable[Page | Asset]:
    yield Page(path="index.md", title="Status", template="incidentbook/status.html", context={"now": context.now}, in_nav=True)
