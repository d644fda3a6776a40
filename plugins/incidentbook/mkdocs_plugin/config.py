"""Options of the ``incidentbook`` MkDocs plugin (documented in docs/configuration.md)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class Bounded(c.OptionallyRequired[int]):
    """A whole-number option from ``low`` to ``high``.

    Why: a number out of range does not fail where it is used but later and obscurely (``feed_limit: -1``
    silently drops the newest entry, ``uptime_days: 100000000`` overflows a date), so MkDocs refuses it
    while reading the configuration, naming the option and its range.
    """

    def __init__(self, low: int, high: int, default: int) -> None:
        super().__init__(default=default)
        self.low = low
        self.high = high

    def run_validation(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high:
            return value
        raise ValidationError(f"must be a whole number from {self.low} to {self.high}, got {value!r}")


class IncidentbookConfig(base.Config):
    records = c.Type(str, default="incidents")  # folder of records, relative to mkdocs.yml
    audience = c.Choice(("internal", "public"), default="internal")
    page_id = c.Optional(c.Type(str))  # Statuspage page id; default: derived from site_name
    time_zone = c.Type(str, default="Etc/UTC")
    history_months_per_page = Bounded(1, 120, default=3)
    feed_limit = Bounded(1, 10_000, default=50)
    uptime_days = Bounded(1, 3650, default=90)
    metrics_mean = c.Type(bool, default=False)  # add the mean to the metrics page's duration tables
    locales = c.Type(str, default="locales")  # the repository's label overrides and languages, relative to mkdocs.yml
    contact_url = c.Optional(c.Type(str))  # support or contact address (https:// or mailto:) on the status page
    public_files = c.ListOfItems(c.Type(str), default=[])  # docs_dir files the public site may publish
