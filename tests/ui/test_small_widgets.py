"""The small stand-ins for superqt parts (eliding label, searchable combo box, debouncer), and the
start-up import diet they serve: opening the window's modules loads neither superqt, pydantic nor pandas."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QCompleter  # noqa: E402

from desktop.ui.widgets import Debouncer, ElidingLabel, SearchableComboBox  # noqa: E402

LONG = "Close the gap on openness: commit to the data-sharing protocol before the pilot"


def test_eliding_label_elides_to_its_width_and_keeps_the_full_text(qtbot) -> None:
    label = ElidingLabel(LONG)
    qtbot.addWidget(label)
    label.resize(120, 24)
    label.show()
    qtbot.waitExposed(label)
    shown = super(ElidingLabel, label).text()
    assert shown.endswith("…") and len(shown) < len(LONG)
    assert label.fontMetrics().horizontalAdvance(shown) <= 120
    assert label.text() == LONG
    label.resize(label.fontMetrics().horizontalAdvance(LONG) + 20, 24)
    assert super(ElidingLabel, label).text() == LONG
    label.setText("<b>short</b>")
    assert super(ElidingLabel, label).text() == "<b>short</b>" and label.text() == "<b>short</b>"


def test_searchable_combo_finds_items_containing_the_typed_text_in_any_case(qtbot) -> None:
    combo = SearchableComboBox()
    qtbot.addWidget(combo)
    for name, iso in (("Kenya", "KEN"), ("India", "IND"), ("Indonesia", "IDN"), ("Saudi Arabia", "SAU")):
        combo.addItem(f"{name} — {iso}", iso)  # added after the completer was made
    completer = combo.completer()
    assert completer.filterMode().name == "MatchContains"
    assert completer.completionMode() == QCompleter.CompletionMode.PopupCompletion
    completer.setCompletionPrefix("ndo")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionModel().rowCount())]
    assert found == ["Indonesia — IDN"]
    completer.setCompletionPrefix("arab")
    assert completer.completionModel().rowCount() == 1
    combo.lineEdit().setText("Atlantis")
    qtbot.keyClick(combo.lineEdit(), "\r")
    assert combo.count() == 4  # typing never adds an item


def test_debouncer_fires_once_after_a_burst_and_not_after_cancel(qtbot) -> None:
    parent = ElidingLabel()
    qtbot.addWidget(parent)
    fired: list[int] = []
    debouncer = Debouncer(40, parent)
    debouncer.triggered.connect(lambda: fired.append(1))
    with qtbot.waitSignal(debouncer.triggered, timeout=2000):
        for _ in range(5):
            debouncer.call()
        assert debouncer.pending()
    qtbot.wait(100)
    assert fired == [1]
    debouncer.call()
    debouncer.cancel()
    assert not debouncer.pending()
    qtbot.wait(100)
    assert fired == [1]


def test_the_window_modules_load_without_superqt_pydantic_or_pandas() -> None:
    code = (
        "import sys, desktop.__main__, desktop.ui.app\n"
        "print(sorted(m for m in ('superqt', 'qtpy', 'pydantic', 'pandas', 'pycountry') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
