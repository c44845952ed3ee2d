"""The Report model and how it is built from statistics and notes (nothing here knows about Word)."""

from summarize.report.model import Figure, Paragraph, Report, Table

__all__ = ["Figure", "Paragraph", "Report", "Table"]
