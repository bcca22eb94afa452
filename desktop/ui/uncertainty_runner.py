"""Runs the Monte Carlo off the GUI thread for the session's proposal; stale results are dropped.

The worker gets plain, immutable data (proposal, profile, assumption set) and returns a
UncertaintyResult by signal; each run carries a generation number and only the result of the
latest one is published.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ..core.i18n import warm_numbers
from ..core.model import AssumptionSet, CountryProfile, Proposal
from ..core.session import Session
from ..core.uncertainty import UncertaintyResult, monte_carlo
from .widgets import follow


class _Signals(QObject):
    done = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, generation: int, proposal: Proposal, profile: CountryProfile, assumptions: AssumptionSet,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.proposal, self.profile, self.assumptions = generation, proposal, profile, assumptions
        self.signals = signals

    def run(self) -> None:
        try:
            result: object = monte_carlo(self.proposal, self.profile, self.assumptions)
            warm_numbers()  # the panel formats the interval: load the locale's data here, not on the GUI thread
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as a result, never raised in a pool thread
            result = exc
        self.signals.done.emit(self.generation, result)


class UncertaintyRunner(QObject):
    """Publishes `finished(UncertaintyResult)` for the session's current state, debounced."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, session: Session, delay_ms: int = 120, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.generation = 0
        self.result: UncertaintyResult | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)
        follow(self, session, self._on_session_changed, "assessment")

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self.result is None or self.result_generation != self.generation

    result_generation = -1

    def _on_session_changed(self, _change) -> None:
        self.generation += 1  # whatever is running now is stale
        self._timer.start()

    def run_now(self) -> None:
        """Start a run for the current state (the previous one's result will be ignored)."""
        self._timer.stop()
        self.generation += 1
        s = self.session
        self._pool.start(_Job(self.generation, s.proposal, s.profile, s.assumptions, self._signals))

    def run_if_idle(self) -> None:
        """The first run: start one unless a change already scheduled or started one."""
        if self._timer.isActive() or self.generation > 0:
            return
        self.run_now()

    def _on_done(self, generation: int, result: object) -> None:
        if generation != self.generation:
            return  # a newer state is being computed
        if isinstance(result, Exception):
            self.failed.emit(str(result))
            return
        self.result = result  # type: ignore[assignment]
        self.result_generation = generation
        self.finished.emit(result)

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the pool is idle (tests, shutdown)."""
        return self._pool.waitForDone(msecs)
