"""Debounced persistence: at most one transaction per quiet period, flushed on close."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.model import DomainError
from ..core.session import Session
from ..store import Store, StoreError
from ..store.timeline import record_settled
from .widgets import Debouncer

log = logging.getLogger(__name__)

SAVED, SAVING, NOT_SAVED = "Saved", "Saving…", "Not saved"


class Autosaver(QObject):
    """Writes the session's proposal after edits settle; stores a snapshot when they settle longer."""

    state_changed = Signal(str, str)  # state, detail
    snapshotted = Signal(int)  # snapshot id, after a settled state was stored with its lever changes

    def __init__(self, session: Session, store: Store, delay_ms: int = 300, snapshot_ms: int = 1500, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.store = store
        self.state = SAVED
        self.detail = ""
        self.writes = 0
        self._dirty = False
        self._debouncer = Debouncer(delay_ms, parent=self)
        self._debouncer.triggered.connect(self.flush)
        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(snapshot_ms)
        self._snapshot_timer.timeout.connect(self._snapshot)
        # The levers as the proposal was opened: the first settled state's changes are counted from here.
        self._opened_with: tuple[int | None, dict[str, int]] = (session.proposal.id, dict(session.proposal.levers))
        # After a failed write (disk full, read-only, busy) retry with backoff; an edit retries too.
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.flush)
        self.retry_delays_ms = (1000, 2000, 5000, 10000, 30000)
        self._failures = 0
        session.changed.connect(self._on_session_changed)

    @property
    def pending(self) -> bool:
        return self._dirty

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def _on_session_changed(self, change) -> None:
        if change is None:  # another proposal was loaded: nothing to write
            self._opened_with = (self.session.proposal.id, dict(self.session.proposal.levers))
            return
        self._dirty = True
        self._snapshot_timer.stop()
        self._set_state(SAVING)
        self._debouncer.call()

    def flush(self) -> bool:
        """Write now if anything is pending; True when the store holds the current proposal."""
        self._debouncer.cancel()
        if not self._dirty:
            return self.state != NOT_SAVED
        try:
            stored = self.store.save_proposal(self.session.proposal)
        except (DomainError, StoreError, OSError) as exc:
            log.warning("save failed: %s", exc)
            delay = self.retry_delays_ms[min(self._failures, len(self.retry_delays_ms) - 1)]
            self._failures += 1
            self._retry_timer.start(delay)
            reason = getattr(exc, "reason", None) or str(exc)
            self._set_state(
                NOT_SAVED, f"{reason[:1].upper()}{reason[1:]}. Your changes are kept in the window; retrying in {delay // 1000} s."
            )
            return False
        self._failures = 0
        self._retry_timer.stop()
        self.writes += 1
        self._dirty = False
        self.session.mark_saved(stored)
        self._set_state(SAVED)
        self._snapshot_timer.start()
        return True

    def _snapshot(self) -> None:
        if self._dirty or self.session.proposal.id is None or not self.session.assessment.scored:
            return  # (an embargoed destination has no assessment to keep)
        try:
            proposal = self.session.proposal
            opened_id, opened_levers = self._opened_with
            snapshot_id = record_settled(
                self.store, proposal, self.session.assessment.to_dict(), opened_levers if opened_id == proposal.id else None
            )
        except (DomainError, StoreError) as exc:
            log.warning("snapshot failed: %s", exc)
            return
        self.snapshotted.emit(snapshot_id)

    def forget(self) -> None:
        """Drop pending work for a proposal that no longer exists."""
        self._debouncer.cancel()
        self._snapshot_timer.stop()
        self._retry_timer.stop()
        self._failures = 0
        self._dirty = False
        self._set_state(SAVED)

    def flush_all(self) -> bool:
        """Flush the proposal and, if one is due, the snapshot (on close)."""
        ok = self.flush()
        if ok and self._snapshot_timer.isActive():
            self._snapshot_timer.stop()
            self._snapshot()
        return ok
