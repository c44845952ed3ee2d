"""Renderers that turn a :class:`summarize.report.Report` into files."""
