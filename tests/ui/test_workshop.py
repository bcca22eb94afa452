"""Workshop tools in the real window on a real SQLite file: baseline deltas, trade-off map,
red lines, optimiser, presentation mode."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from desktop.core import ops  # noqa: E402
from desktop.core.baseline import UP  # noqa: E402
from desktop.core.model import DIMENSIONS, LEVERS, Proposal  # noqa: E402
from desktop.core.tradeoff import tradeoff_map  # noqa: E402
from desktop.store import open_store  # noqa: E402
from desktop.ui import workshop as workshop_module  # noqa: E402
from desktop.ui.app import build_window  # noqa: E402
from desktop.ui.baseline import DOWN_COLOUR, UP_COLOUR  # noqa: E402
from desktop.ui.charts import ChartPalette, render_image, render_svg  # noqa: E402
from desktop.ui.presentation import PROMPT  # noqa: E402
from desktop.ui.tradeoff_map import paint_tradeoff_map  # noqa: E402
from desktop.ui.workshop import OptimiseDialog  # noqa: E402


@pytest.fixture
def window(window):
    """The shared window (conftest); the presentation window, if one was opened, closed too."""
    yield window
    if window.workshop.presentation.window is not None:
        window.workshop.presentation.window.close()


# ---------------------------------------------------------------------------- baseline


def test_pinning_a_baseline_shows_deltas_of_score_sides_dimensions_line_items_and_radar(window):
    panel = window.assessment
    assert panel.score_delta.text() == ""
    assert not panel.deltas.isVisibleTo(window)
    assert panel.radar.baseline is None
    window.workshop.pin_action.trigger()
    base = window.session.baseline.assessment
    assert panel.score_delta.text() == "= 0.0"
    window.levers.slider("partnership").setValue(80)
    now = window.session.assessment
    expected = now.overall - base.overall
    assert expected > 0.05
    assert panel.score_delta.text() == f"{UP} {expected:.1f}"
    assert UP_COLOUR.name() in panel.score_delta.styleSheet()
    acc = now.counterpart_acceptance - base.counterpart_acceptance
    assert panel.acceptance.delta[0] == f"{'▲' if acc > 0 else '▼'} {abs(acc):.1f}"
    assert panel.deltas.isVisibleTo(window)
    for dim in DIMENSIONS:
        d = now.dimensions[dim] - base.dimensions[dim]
        cell = panel.deltas.score_cells[f"dim:{dim}"]
        assert cell.text().endswith(f"{abs(d):.1f}")
    absorptive = next(li for li in now.line_items if li.dimension == "absorptive_capacity")
    base_item = next(li for li in base.line_items if li.dimension == "absorptive_capacity")
    cell = panel.deltas.item_cells[f"item:{absorptive.weight_key}"]
    assert cell.text() == f"{UP} {absorptive.points - base_item.points:.1f} pts"
    # the radar overlays the pinned offer: partnership was 50 when pinned
    offers = window.session.baseline.offers()
    assert panel.radar.baseline == tuple(offers)
    assert offers[LEVERS.index("partnership")] < now.commitments["partnership"]["offer"]
    window.workshop.clear_baseline_action.trigger()
    assert panel.score_delta.text() == ""
    assert panel.radar.baseline is None
    assert not panel.deltas.isVisibleTo(window)


def test_a_lower_score_than_the_baseline_shows_red_down(window):
    window.levers.slider("security").setValue(90)
    window.workshop.pin_action.trigger()
    window.levers.slider("security").setValue(0)
    assert window.assessment.score_delta.text().startswith("▼ ")
    assert DOWN_COLOUR.name() in window.assessment.score_delta.styleSheet()


def test_pin_a_saved_proposal_as_baseline(window, monkeypatch):
    other = window.store.save_proposal(Proposal(name="Brazil offer", country="BRA", levers={lv: 80 for lv in LEVERS}))
    offered = []

    def choose(_parent, proposals, _title):
        offered.extend(p.name for p in proposals)
        return next(p for p in proposals if p.name == "Brazil offer")

    monkeypatch.setattr(workshop_module, "choose_proposal", choose)
    window.workshop.pin_proposal_action.trigger()
    assert "Brazil offer" in offered
    assert window.session.baseline.proposal.id == other.id
    assert "Brazil offer" in window.assessment.deltas.title.text()


# ---------------------------------------------------------------------------- trade-off map


def show_map(window, qtbot):
    window.workshop.map_action.trigger()
    dock = window.workshop.dock
    qtbot.waitUntil(dock.isVisible)
    view = window.workshop.tradeoff.view
    qtbot.waitExposed(view)
    return view


def test_clicking_the_map_moves_both_levers_in_one_undo_step(window, qtbot):
    view = show_map(window, qtbot)
    assert window.workshop.map_action.shortcut().toString() == "Ctrl+Shift+M"
    data = view.data
    assert (data.lever_x, data.lever_y) == ("security", "openness")
    i, j = 40, 10  # lever values 82 and 20 on the 50×50 grid
    x_value, y_value = data.lever_value(i), data.lever_value(j)
    geo = view.geometry_for_widget()
    centre = QRectF(geo.cell_x(i), geo.cell_y(j + 1), geo.cell_x(i + 1) - geo.cell_x(i), geo.cell_y(j) - geo.cell_y(j + 1)).center()
    depth = window.editor.undo_stack.count()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    levers = window.session.proposal.levers
    assert (levers["security"], levers["openness"]) == (x_value, y_value) == (82, 20)
    assert window.levers.slider("security").value() == 82
    assert window.editor.undo_stack.count() == depth + 1
    assert view.data.current == (82.0, 20.0)
    window.undo_action.trigger()
    assert (window.session.proposal.levers["security"], window.session.proposal.levers["openness"]) == (50, 50)
    assert view.data.current == (50.0, 50.0)


def test_the_map_follows_other_levers_and_choices_live(window, qtbot):
    view = show_map(window, qtbot)
    before = view.data.values.copy()
    window.levers.slider("partnership").setValue(90)
    assert not (view.data.values == before).all()
    s = window.session
    expected = tradeoff_map(s.proposal, s.profile, s.assumptions, "security", "openness")
    assert (view.data.values == expected.values).all()
    panel = window.workshop.tradeoff
    panel.metric_combo.setCurrentIndex(panel.metric_combo.findData("assurance"))
    assert view.data.metric == "assurance"
    assert (view.data.values == view.data.assurance).all()
    panel.lever_y.setCurrentIndex(panel.lever_y.findData("security"))  # clash: x moves off
    assert view.data.lever_x != view.data.lever_y == "security"
    assert "Trade-off map" == view.accessibleName()
    assert "Both sides clear" in view.accessibleDescription()


def test_keyboard_on_the_map_moves_the_levers(window, qtbot):
    view = show_map(window, qtbot)
    view.setFocus()
    start = view.data.index(50)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    data = view.data
    assert window.session.proposal.levers["security"] == data.lever_value(start + 2)
    assert window.session.proposal.levers["openness"] == data.lever_value(start - 1)


def test_the_map_opens_docked_beside_the_panels_not_floating_over_the_score(window, qtbot):
    view = show_map(window, qtbot)
    dock = window.workshop.dock
    assert not dock.isFloating()
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    score = window.assessment.score
    top_left = score.mapTo(window, score.rect().topLeft())
    assert not dock.geometry().intersects(score.rect().translated(top_left))
    assert view.width() >= 200 and view.height() >= 200
    # narrowed to leave the centre its room (not its ~610 px size hint), no narrower than it can be
    qtbot.waitUntil(lambda: dock.width() <= max(window.workshop.docked_map_width(), dock.minimumSizeHint().width()))
    assert dock.minimumSizeHint().width() <= 360


def _keyboard_map(window, qtbot):
    view = show_map(window, qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


def test_the_map_cursor_shows_its_cell_figures_in_a_label_and_to_a_screen_reader(window, qtbot):
    from PySide6.QtGui import QAccessible

    view = _keyboard_map(window, qtbot)
    panel = window.workshop.tradeoff
    data = view.data
    start = data.index(50)
    v = data.lever_value(start)  # the grid's cell nearest the offer's 50
    assert panel.cursor_label.text() == f"Cursor: Security {v} · Openness {v} → Overall readiness {data.values[start, start]:.1f} (arrows move it; Enter moves both levers there)"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    i, j = start + 1, start + 1
    assert view.cursor == (i, j)
    figures = f"Security {data.lever_value(i)} · Openness {data.lever_value(j)} → Overall readiness {data.values[j, i]:.1f}"
    assert figures in panel.cursor_label.text()
    QAccessible.setActive(True)  # as with a screen reader running: the move is announced too
    try:
        qtbot.keyClick(view, Qt.Key.Key_Left)
        qtbot.keyClick(view, Qt.Key.Key_Right)
        announced = QAccessible.queryAccessibleInterface(view).text(QAccessible.Text.Description)
    finally:
        QAccessible.setActive(False)
    assert announced.startswith(f"Cursor: {figures}. ") and "Both sides clear" in announced
    assert window.session.proposal.levers["security"] == 50  # moving the cursor moves no lever
    qtbot.keyClick(view, Qt.Key.Key_Enter)  # Enter applies that cell
    assert (window.session.proposal.levers["security"], window.session.proposal.levers["openness"]) == (data.lever_value(i), data.lever_value(j))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_map_cursor_is_a_thick_ring_that_contrasts_on_dark_and_bright_cells(window, qtbot, dark):
    from desktop.ui import theme
    from tests.ui.test_accessibility import contrast

    view = _keyboard_map(window, qtbot)
    view.setPalette(theme._palette(dark))
    data = view.data
    for target in (int(data.values.argmin()), int(data.values.argmax())):  # the darkest and the brightest cell
        j, i = divmod(target, data.n)
        while view.cursor != (i, j):
            ci, cj = view.cursor
            key = Qt.Key.Key_Right if ci < i else Qt.Key.Key_Left if ci > i else Qt.Key.Key_Up if cj < j else Qt.Key.Key_Down
            qtbot.keyClick(view, key)
        image = view.grab().toImage()
        box = view.cursor_box()
        geo = view.geometry_for_widget()

        def pixel(x, y, image=image):
            ratio = image.devicePixelRatio()
            return image.pixelColor(int(x * ratio), int(y * ratio))

        cell = pixel((geo.cell_x(i) + geo.cell_x(i + 1)) / 2 + 0.5, (geo.cell_y(j) + geo.cell_y(j + 1)) / 2)
        side = box.width()
        assert side >= geo.cell_x(1) - geo.cell_x(0)
        # Across the ring's left edge: outer black, then the white inside it; one of the two stands
        # out at 3:1 (non-text contrast) from the cell colour and from the map around it.
        y = box.center().y()
        ring = [pixel(box.left() + dx, y) for dx in (0.0, 1.0, 2.5, 3.5)]
        darkest = min(ring, key=lambda c: c.lightness())
        brightest = max(ring, key=lambda c: c.lightness())
        assert darkest.lightness() < 40 and brightest.lightness() > 215, [c.name() for c in ring]
        assert max(contrast(darkest, cell), contrast(brightest, cell)) >= 3.0
        outside = pixel(box.left() - 3, y)
        assert max(contrast(darkest, outside), contrast(brightest, outside)) >= 3.0


def test_the_map_shows_the_zone_and_red_lines_and_renders_to_png_and_svg(window, tmp_path):
    s = window.session
    proposal = ops.set_red_line(s.proposal, "openness", 20, 60).after
    data = tradeoff_map(proposal, s.profile, s.assumptions, "security", "openness", baseline=proposal.with_lever("security", 10))
    assert data.zopa.any() and not data.inside.all()

    def paint(p, r):
        paint_tradeoff_map(p, r, data, ChartPalette.light())

    img = render_image(paint, 480, 540, scale=1.0)
    # a cell well inside the plot is painted by the heat map, not the background
    colours = [img.pixelColor(x, 250).name() for x in range(110, 400, 10)]
    assert len(set(colours)) > 5
    assert colours.count(QColor("#ffffff").name()) < len(colours) / 4
    out = tmp_path / "map.svg"
    render_svg(paint, 480, 540, str(out), title="Trade-off map")
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "Security lever" in text


# ---------------------------------------------------------------------------- red lines and optimiser


def test_red_lines_dialog_sets_red_lines_as_one_undo_step(window, monkeypatch):
    monkeypatch.setattr(workshop_module, "ask_red_lines", lambda _p, _proposal: {"openness": (20, 60), "security": (0, 100), "resilience": (10, 90), "partnership": (0, 100)})
    window.workshop.red_lines_action.trigger()
    assert dict(window.session.proposal.red_lines) == {"openness": (20, 60), "resilience": (10, 90)}
    assert window.levers.slider("openness")._red_line == (20, 60)
    window.undo_action.trigger()
    assert dict(window.session.proposal.red_lines) == {}


def test_optimise_applies_the_package_within_red_lines_as_one_undo_step(window, monkeypatch):
    window.editor.apply(ops.set_red_line(window.session.proposal, "openness", 20, 40))
    start = window.session.proposal
    seen = {}

    def ask(_parent, compute, objective="overall", note=None):
        seen["result"] = compute("overall")
        return seen["result"]

    monkeypatch.setattr(workshop_module, "ask_optimise", ask)
    depth = window.editor.undo_stack.count()
    window.workshop.optimise_action.trigger()
    result = seen["result"]
    p = window.session.proposal
    assert dict(p.levers) == dict(result.proposal.levers)
    assert p.measures == result.proposal.measures
    assert 20 <= p.levers["openness"] <= 40
    assert window.session.assessment.overall == pytest.approx(result.after)
    assert window.editor.undo_stack.count() == depth + 1
    assert window.editor.undo_stack.undoText().startswith("Optimise (overall")
    window.undo_action.trigger()
    assert window.session.proposal == start


def test_the_optimise_dialog_lists_the_changes_and_switches_objective(window, qtbot):
    s = window.session
    from desktop.core.optimize import optimise

    dialog = OptimiseDialog(window, lambda objective: optimise(s.proposal, s.profile, s.assumptions, objective))
    qtbot.addWidget(dialog)
    assert dialog.proposed.objective == "overall"
    assert dialog.changes.count() == len(dialog.proposed.changes) > 0
    assert dialog.changes.item(0).text() == dialog.proposed.changes[0].why
    assert "→" in dialog.summary.text()
    dialog.objective.setCurrentIndex(dialog.objective.findData("weaker-side"))
    assert dialog.proposed.objective == "weaker-side"
    assert dialog.summary.text().startswith("Weaker side:")


# ---------------------------------------------------------------------------- presentation mode


def test_presentation_mode_toggles_and_hides_then_reveals_results(window, qtbot):
    assert window.workshop.presentation_action.shortcut().toString() == "F11"
    window.workshop.presentation_action.trigger()
    pres = window.workshop.presentation.window
    qtbot.waitExposed(pres)
    assert pres.isVisible()
    # full screen (the offscreen platform does not report the state: the geometry shows it)
    assert pres.isFullScreen() or pres.geometry() == window.screen().geometry()
    assert pres.revealed and pres.stack.currentIndex() == 0
    assert pres.room_safe  # on by default: the big number is the counterpart acceptance
    assert pres.score.text() == f"{window.session.assessment.counterpart_acceptance:.1f}"
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_S)  # the facilitator: an internal workshop
    assert not pres.room_safe and pres.score.text() == f"{window.session.assessment.overall:.1f}"
    assert pres.focusWidget() is pres.levers.slider("security")  # the keys reach the window from a lever
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_R)
    assert not pres.revealed
    assert pres.stack.currentWidget() is pres.prompt
    assert pres.prompt.text() == PROMPT
    # the room predicts while the facilitator moves a lever; the result stays hidden
    pres.levers.slider("openness").setValue(80)
    assert window.session.proposal.levers["openness"] == 80
    assert not pres.revealed
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_R)
    assert pres.revealed
    assert pres.score.text() == f"{window.session.assessment.overall:.1f}"
    qtbot.keyClick(pres.focusWidget(), Qt.Key.Key_Escape)
    assert not pres.isVisible()
    window.workshop.presentation_action.trigger()
    assert pres.isVisible() and pres.revealed and pres.room_safe  # room-safe again on every entry
    window.workshop.presentation_action.trigger()  # F11 again leaves
    assert not pres.isVisible()


def test_presentation_shows_baseline_delta(window, qtbot):
    window.workshop.pin_action.trigger()
    window.levers.slider("partnership").setValue(85)
    window.workshop.presentation_action.trigger()
    pres = window.workshop.presentation.window
    assert pres.delta.text().endswith("vs baseline")  # room-safe: the acceptance's change
    pres.set_room_safe(False)
    assert pres.delta.text().startswith("▲ ") and pres.delta.text().endswith("vs baseline")
    assert pres.radar.baseline == tuple(window.session.baseline.offers())


def test_room_safe_presentation_shows_no_red_line_or_internal_figure(window, qtbot):
    """Issue 14: the projector, room-safe, shows no red line, assurance, overall, threshold or credited offer."""
    s = window.session
    window.editor.apply(ops.set_red_line(s.proposal, "openness", 23, 77))
    assert s.proposal.red_lines["openness"] == (23, 77)
    window.workshop.presentation_action.trigger()
    pres = window.workshop.presentation.window
    qtbot.waitExposed(pres)
    a = s.assessment
    assert pres.room_safe and "Room-safe" in pres.mode_label.text()
    text = pres.visible_text()
    for secret in ("your red line", "red line 23", "23–77", "Exporter assurance", f"{a.overall:.1f}", "Credited"):
        assert secret not in text, secret
    assert all(pres.levers.slider(lv).red_line is None for lv in ("security", "resilience", "openness", "partnership"))
    assert not pres.assurance.isVisibleTo(pres) and not pres.radar.isVisibleTo(pres)
    assert f"{a.counterpart_acceptance:.1f}" in text
    pres.set_room_safe(False)  # an internal workshop shows them, and says so
    text = pres.visible_text()
    assert "INTERNAL WORKSHOP" in text and "red line 23–77" in text and f"{a.overall:.1f}" in text
    assert pres.levers.slider("openness").red_line == (23, 77)
    pres.close()


def test_the_baseline_is_kept_per_proposal_across_reopening(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "keep.sqlite3"
    store = open_store(path)
    w = build_window(store)
    qtbot.addWidget(w)
    w.levers.slider("security").setValue(30)
    w.workshop.pin_action.trigger()
    w.levers.slider("security").setValue(90)
    delta = w.assessment.score_delta.text()
    assert delta and not delta.startswith("=")
    w.close()
    store.close()

    store = open_store(path)
    try:
        w = build_window(store)
        qtbot.addWidget(w)
        assert w.session.baseline is not None
        assert w.session.baseline.proposal.levers["security"] == 30
        assert w.assessment.score_delta.text() == delta
        # opening another proposal shows its own baseline (none), and coming back restores this one
        first = w.session.proposal
        second = store.save_proposal(Proposal(name="Second", country="KEN"))
        w.documents.editor.reset_history()
        w.session.load(second)
        assert w.session.baseline is None and w.assessment.score_delta.text() == ""
        w.session.load(store.proposal_by_id(first.id))
        assert w.session.baseline.proposal.levers["security"] == 30
        w.workshop.clear_baseline_action.trigger()
        from desktop.store.baselines import load_baseline

        assert load_baseline(store, first.id) is None
        w.close()
    finally:
        store.close()
