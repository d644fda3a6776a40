"""Text helpers both builds use: safe Markdown rendering and the page labels."""
