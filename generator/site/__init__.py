"""The promotion site: Markdown tree generation and the mkdocs build around it."""
