"""showcase: content of the “双带头人” studios → checked model → site, compilation, package."""
