"""The record and catalog JSON Schemas, published in the internal site for editors and tools.

A team points its editor's YAML language server at ``<internal site>/schemas/record.schema.json``
(or at the file in the package) to get completion and validation while writing a record.
"""

from __future__ import annotations

from typing import Iterable

from ..core.records.schema import schema_path
from . import Asset, Context, Page


def build(context: Context) -> Iterable[Page | Asset]:
    """Both schemas as published files (internal builds only), so editors can point at the site."""
    for name in ("record", "catalog"):
        yield Asset(path=f"schemas/{name}.schema.json", source=schema_path(name))
