"""``python -m summarize`` is the ``summarize`` command."""

from summarize.cli import main

main()
