"""Options of the ``incidentbook`` MkDocs plugin (documented in docs/configuration.md)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class IncidentbookConfig(base.Config):
    records = c.Type(str, default="incidents")  # folder of records, relative to mkdocs.yml
    audience = c.Choice(("internal", "public"), default="internal")
    page_id = c.Optional(c.Type(str))  # Statuspage page id; default: derived from site_name
    time_zone = c.Type(str, default="Etc/UTC")
    history_months_per_page = c.Type(int, default=3)
    feed_limit = c.Type(int, default=50)
    uptime_days = c.Type(int, default=90)
    metrics_mean = c.Type(bool, default=False)  # add the mean to the metrics page's duration tables
    public_files = c.ListOfItems(c.Type(str), default=[])  # docs_dir files the public site may publish
