"""The MkDocs-free core of incidentbook: load, validate and reason about records."""
