"""The last N ids a streamer emitted, kept across restarts so a restart re-emits nothing."""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path


class SeenIds:
    """A bounded, insertion-ordered id set (O(1) membership) persisted to ``<directory>/<name>.txt``.

    When full, adding evicts the oldest id. :meth:`flush` rewrites the file atomically
    (temporary file, fsync, rename), so a crash leaves the old or the new list, never half.
    One store per file: two processes must not share a directory and name.
    """

    def __init__(self, directory: Path, *, max_size: int = 10_000, name: str = "reddit-seen-ids") -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self.max_size = max_size
        self.path = Path(directory) / f"{name}.txt"
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._dirty = False
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                if line:
                    self._insert(line)

    def __contains__(self, item: object) -> bool:
        return item in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, item: str) -> bool:
        """Remember ``item``; False if it was already there."""
        if not item or any(c.isspace() for c in item):
            raise ValueError(f"ids must be non-empty and without whitespace: {item!r}")
        if item in self._ids:
            return False
        self._insert(item)
        self._dirty = True
        return True

    def flush(self) -> None:
        """Write the ids to disk if anything was added since the last flush."""
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{i}\n" for i in self._ids))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
        self._dirty = False

    def _insert(self, item: str) -> None:
        self._ids[item] = None
        while len(self._ids) > self.max_size:
            self._ids.popitem(last=False)
