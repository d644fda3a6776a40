"""The record format and its files: model, loading and validation, the editor, the clock."""
