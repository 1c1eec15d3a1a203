"""The outcome compilation (成果汇编) as PDF, DOCX and printable HTML, and the evidence package."""
