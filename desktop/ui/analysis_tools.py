"""The analysis windows (assumptions, sensitivity, country data, method) and the menu entries that open them.

The windows' modules are imported when one is first opened, not at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from ..core.i18n import _
from ..core.session import Session
from ..store import Store
from .widgets import follow

if TYPE_CHECKING:
    from .assumptions_editor import AssumptionsEditor
    from .sensitivity_dialog import SensitivityDialog


class MethodWindow(QDialog):
    """Help ▸ Method: the model with the parameter values and sources of the set in use."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Method"))
        self.resize(900, 720)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("Method"))
        QVBoxLayout(self).addWidget(self.browser)
        follow(self, session, self._on_session_changed, "assumptions")
        self._shown = None
        self._on_session_changed(None)

    def _on_session_changed(self, _change) -> None:
        if self._shown is self.session.assumptions:
            return
        self._shown = self.session.assumptions
        from ..core.method_page import method_html

        self.browser.setHtml(method_html(self.session.assumptions))


class AnalysisTools(QObject):
    """Opens (one of each) the analysis windows for the session; adds their menu entries."""

    def __init__(self, store: Store, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.session, self.window = store, session, window
        self.assumptions: AssumptionsEditor | None = None
        self.sensitivity: SensitivityDialog | None = None
        self.method: MethodWindow | None = None

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        return {"view.assumptions": self.show_assumptions, "view.sensitivity": self.show_sensitivity,
                "view.backtest": self.show_backtest, "edit.country_data": self.edit_country, "help.method": self.show_method}

    def adopt(self, _actions) -> None:
        pass

    def _raise(self, dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_assumptions(self, key: str | None = None) -> AssumptionsEditor:
        if self.assumptions is None:
            from .assumptions_editor import AssumptionsEditor

            self.assumptions = AssumptionsEditor(self.store, self.session, self.window)
        if isinstance(key, str) and key.endswith("."):
            self.assumptions.show_prefix(key[:-1])
        elif isinstance(key, str):
            self.assumptions.select_key(key)
        self._raise(self.assumptions)
        return self.assumptions

    def show_sensitivity(self) -> SensitivityDialog:
        if self.sensitivity is None:
            from .sensitivity_dialog import SensitivityDialog

            self.sensitivity = SensitivityDialog(self.session, self.window)
        self._raise(self.sensitivity)
        return self.sensitivity

    def show_backtest(self):
        from .backtest_dialog import BacktestDialog

        if getattr(self, "backtest", None) is None:
            self.backtest = BacktestDialog(self.store, self.window)
        else:
            self.backtest.refresh()
        self._raise(self.backtest)
        return self.backtest

    def show_method(self) -> MethodWindow:
        if self.method is None:
            self.method = MethodWindow(self.session, self.window)
        self._raise(self.method)
        return self.method

    def edit_country(self) -> bool:
        """Open the country-data dialog (modal); True when figures were saved."""
        from .country_editor import CountryEditor

        return CountryEditor(self.store, self.session, self.window).exec() == QDialog.DialogCode.Accepted
