"""Rewrites snapshots in a background thread, a moment after the change, once per burst.

Why: the host's request should not wait for four files to be rendered, and rendering them while
the event loop pushes the change to a thousand open sockets slows the push (one process, one GIL).
One admin save also fires a change per inline row; a short delay turns those into one write.

Each municipality waits at most `delay` seconds from its first pending change; changes arriving
meanwhile ride along, a change arriving during the write queues the next one. Pending writes are
flushed at interpreter exit; one lost to a crash is rewritten by the next change or by
`manage.py write_sot_snapshot`.
"""
import atexit
import logging
import threading
import time
from typing import Callable

from django.db import close_old_connections, connections

logger = logging.getLogger("sot_points.publishing")


class SnapshotWriter:
    def __init__(self, write: Callable[[int], object], *, delay: float):
        self._write = write
        self.delay = delay
        self._due: dict[int, float] = {}  # municipality id -> monotonic time to write at
        self._writing = False
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self.writes = 0  # finished writes, for the tests and the logs

    def request(self, municipality_id: int) -> None:
        with self._condition:
            self._due.setdefault(municipality_id, time.monotonic() + self.delay)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sot-snapshot-writer", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Write everything pending now; True once nothing is pending or being written."""
        deadline = time.monotonic() + timeout
        with self._condition:
            self._due = dict.fromkeys(self._due, 0.0)
            self._condition.notify_all()
            while self._due or self._writing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
        return True

    def _run(self) -> None:
        while True:
            with self._condition:
                municipality_ids = self._wait_for_due()
                self._writing = True
            try:
                self._write_all(municipality_ids)
            finally:
                with self._condition:
                    self._writing = False
                    self._condition.notify_all()

    def _wait_for_due(self) -> list[int]:
        while True:
            now = time.monotonic()
            due = [mid for mid, at in self._due.items() if at <= now]
            if due:
                for mid in due:
                    del self._due[mid]
                return due
            self._condition.wait(min(self._due.values()) - now if self._due else None)

    def _write_all(self, municipality_ids: list[int]) -> None:
        close_old_connections()
        try:
            for municipality_id in municipality_ids:
                try:
                    self._write(municipality_id)
                    self.writes += 1
                except Exception:  # the change is saved; the next change or `write_sot_snapshot` retries
                    logger.exception("could not write the SOT snapshot of municipality %s", municipality_id)
        finally:
            # A thread's connection is never closed by a request cycle: give it back after each burst.
            connections.close_all()


_writer: SnapshotWriter | None = None
_writer_lock = threading.Lock()


def snapshot_writer(write: Callable[[int], object], *, delay: float) -> SnapshotWriter:
    """The process's one writer (created on first use, after any fork of worker processes)."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = SnapshotWriter(write, delay=delay)
            atexit.register(_writer.flush)
        _writer.delay = delay
        return _writer
