"""When the window's edits are written: the persister's flush after a quiet period, a settled state later.

The writing itself is the store's Persister (the same one the CLI uses); this only times it, retries
a failed write with backoff, and reports the save state for the status bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.i18n import N_, _
from ..core.model import DomainError
from ..store import StoreError
from ..store.persister import Persister
from .widgets import Debouncer

log = logging.getLogger(__name__)

SAVED, SAVING, NOT_SAVED = N_("Saved"), N_("Saving…"), N_("Not saved")
MAX_WAIT_MS = 500  # with the notes box's 400 ms, typing that never pauses is on disk within ~1 s
WATCH_MS = 1000  # how often the window looks for writes by other programs (one PRAGMA)


class Autosaver(QObject):
    """Flushes the persister when edits pause; records a settled state when they stay paused longer."""

    state_changed = Signal(str, str)  # state, detail
    snapshotted = Signal(int)  # snapshot id, after a settled state was recorded
    notice = Signal(str)  # another program changed the open proposal: what the window did about it

    def __init__(
        self, persister: Persister, delay_ms: int = 300, snapshot_ms: int = 1500, parent=None,
        max_wait_ms: int = MAX_WAIT_MS, watch_ms: int = WATCH_MS,
    ) -> None:
        super().__init__(parent)
        self.persister = persister
        self.state = SAVED
        self.detail = ""
        # Edits that never pause are still written at least every max_wait_ms.
        self._debouncer = Debouncer(delay_ms, parent=self, max_wait_ms=max_wait_ms)
        self._debouncer.triggered.connect(self.flush)
        # Writes by other programs (the CLI) are taken in while the window is open.
        self._watch = QTimer(self)
        self._watch.setInterval(watch_ms)
        self._watch.timeout.connect(self.check_external)
        self._watch.start()
        persister.external.connect(self._on_external)
        self.destroyed.connect(lambda *_: persister.external.disconnect(self._on_external))
        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(snapshot_ms)
        self._snapshot_timer.timeout.connect(self._snapshot)
        # After a failed write (disk full, read-only, busy) retry with backoff; an edit retries too.
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.flush)
        self.retry_delays_ms = (1000, 2000, 5000, 10000, 30000)
        self._failures = 0
        persister.pending.connect(self._on_pending)
        self.destroyed.connect(lambda *_: persister.pending.disconnect(self._on_pending))

    @property
    def pending(self) -> bool:
        return self.persister.dirty

    @property
    def writes(self) -> int:
        return self.persister.writes

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def _on_pending(self) -> None:
        self._snapshot_timer.stop()
        self._set_state(SAVING)
        self._debouncer.call()

    def flush(self) -> bool:
        """Write now if anything is pending; True when the store holds the current proposal."""
        self._debouncer.cancel()
        if not self.persister.dirty:
            return self.state != NOT_SAVED
        try:
            self.persister.flush()
        except (DomainError, StoreError, OSError) as exc:
            log.warning("save failed: %s", exc)
            delay = self.retry_delays_ms[min(self._failures, len(self.retry_delays_ms) - 1)]
            self._failures += 1
            self._retry_timer.start(delay)
            reason = getattr(exc, "reason", None) or str(exc)
            self._set_state(
                NOT_SAVED, _("{upper}{value}. Your changes are kept in the window; retrying in {value2} s.").format(upper=reason[:1].upper(), value=reason[1:], value2=delay // 1000)
            )
            return False
        self._failures = 0
        self._retry_timer.stop()
        self._set_state(SAVED)
        self._snapshot_timer.start()
        return True

    def check_external(self) -> None:
        """Take in what another program wrote to the open proposal (see Persister.check_external)."""
        try:
            self.persister.check_external()
        except (DomainError, StoreError) as exc:
            log.warning("could not read another program's changes: %s", exc)

    def _on_external(self, message: str) -> None:
        log.info("%s", message)
        self.notice.emit(message)

    def _snapshot(self) -> None:
        try:
            snapshot_id = self.persister.settle()
        except (DomainError, StoreError) as exc:
            log.warning("snapshot failed: %s", exc)
            return
        if snapshot_id is not None:
            self.snapshotted.emit(snapshot_id)

    def forget(self) -> None:
        """Drop pending work (its proposal no longer exists, or the user went on without it)."""
        self._debouncer.cancel()
        self._snapshot_timer.stop()
        self._retry_timer.stop()
        self._failures = 0
        self.persister.discard()
        self._set_state(SAVED)

    def flush_all(self) -> bool:
        """Flush the proposal and, if one is due, record the settled state (before a switch, on close)."""
        ok = self.flush()
        if ok and self._snapshot_timer.isActive():
            self._snapshot_timer.stop()
            self._snapshot()
        return ok
