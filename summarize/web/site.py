"""The workspace a running ``summarize serve`` shows, reopened whenever a file in it changes.

A page asks :meth:`Site.workspace` for the workspace; the folder's files (names, sizes, modification times) are
compared with the last look, so a register saved from Excel, an upload or an edited notes file shows on the next
page without restarting. Figures already computed for the current files (charts, reports) are kept in
:meth:`Site.memo`. One request at a time works on the workspace (``lock``): it is one office's desk, not a
public site, and the engine's caches are not built for threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.web.uploads import UNREAD_FOLDERS

if TYPE_CHECKING:
    from summarize.workspace import Workspace


class Site:
    """One served workspace folder, its current :class:`Workspace` and messages for the next page."""

    def __init__(
        self, folder: Path, today: date | None = None, max_upload_mb: int = 50, asof: date | None = None
    ) -> None:
        self.folder = folder.resolve()
        self.today = today
        self.asof = asof
        self.max_upload_bytes = max_upload_mb * 1024 * 1024
        self.lock = threading.RLock()
        self._workspace: Workspace | None = None
        self._signature: tuple = ()
        self._memo: dict[tuple, Any] = {}
        self._messages: list[tuple[str, str]] = []

    def signature(self) -> tuple:
        """Every file the workspace reads from, with its size and modification time."""
        found = []
        for root, dirs, files in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in UNREAD_FOLDERS)
            for name in sorted(files):
                path = Path(root, name)
                stat = path.stat()
                # Posix separators on every system: the names the reader and the page use.
                found.append((path.relative_to(self.folder).as_posix(), stat.st_size, stat.st_mtime_ns))
        return tuple(found)

    def file_names(self) -> list[str]:
        """The workspace's files by relative path (shown when the workspace cannot be opened)."""
        return [name for name, _, _ in self.signature()]

    def workspace(self) -> Workspace:
        """The workspace as its files are now (raises :class:`SummarizeError` for bad settings)."""
        from summarize.workspace import Workspace

        signature = self.signature()
        if self._workspace is None or signature != self._signature:
            self._workspace, self._memo = None, {}
            self._workspace = Workspace(self.folder, today=self.today, asof=self.asof)
            self._signature = signature
            if (
                self.asof is not None
            ):  # rows after the as-of day: said once per file, each time the files change
                for notice in self._workspace.notices():
                    self.tell(notice, "warning")
        return self._workspace

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()`` once for the workspace's current files."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def tell(self, text: str, level: str = "info") -> None:
        """A message (``info``, ``warning`` or ``error``) for the next page shown."""
        self._messages.append((level, text))

    def messages(self) -> list[tuple[str, str]]:
        """The messages waiting, once: showing them clears them."""
        out, self._messages = self._messages, []
        return out
