"""The internal knowledge base: the post-mortem library, follow-up actions, metrics and the register."""
