"""The MkDocs adapter: turns the core's pages and files into MkDocs files."""
