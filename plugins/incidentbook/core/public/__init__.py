"""Everything the public build may read, and nothing else: the allow-listed public view and what is computed from it."""
