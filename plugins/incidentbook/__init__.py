"""incidentbook: incidents, maintenances and post-mortems as Markdown in git.

The :mod:`incidentbook.core` package holds everything that does not depend on MkDocs (records,
validation, status, feeds, the JSON API, metrics); :mod:`incidentbook.mkdocs_plugin` adapts it to MkDocs
and :mod:`incidentbook.cli` to the terminal.
"""

__version__ = "0.1.0"
