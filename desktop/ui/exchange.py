"""File ▸ Export brief…, Export/Import proposal bundle…, Import country figures…: thin GUI over core and store.

Questions go through the module-level `ask_*` functions (tests monkeypatch them); errors through
dialogs.explain. Every file is written with QSaveFile (brief_render.save_bytes): all or nothing.

The bundle code (pydantic), the brief renderer and the figures import (its preview dialog, the CSV
reader) are imported when first used, not at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import i18n
from ..core.i18n import N_, _, ngettext
from ..core.model import DomainError
from ..core.session import Session
from ..fileio import read_limited
from ..store import Store, StoreError
from ..store.persister import Persister
from . import dialogs, window_state
from .language import NAMES
from .widgets import plain_label

MAX_FILE = 5 * 1024 * 1024


# ---------------------------------------------------------------------------- dialogs


class ExportBriefDialog(QDialog):
    """Where to write the brief, and for whom."""

    def __init__(self, parent: QWidget | None, default_path: str, languages: tuple[str, str] = ("en", "en")) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export brief"))
        # The counterpart edition in the target country's language, the internal one in the user's,
        # unless the user picks another (then kept when the edition changes).
        self.languages, self._picked = languages, False
        self.language = QComboBox()
        for code, name in NAMES.items():
            self.language.addItem(name, code)
        self.language.setAccessibleName(_("Language of the brief"))
        self.language.activated.connect(lambda _i: setattr(self, "_picked", True))
        self.path = QLineEdit(default_path)
        self.path.setAccessibleName(_("Brief file"))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.counterpart = QCheckBox(_("Counterpart-safe (leave out red lines, notes, the exporter side, change reasons)"))
        self.counterpart.setAccessibleName(_("Counterpart-safe"))
        self.html = QCheckBox(_("Also write an HTML copy beside the PDF"))
        self.html.setAccessibleName(_("Also write HTML"))
        form = QFormLayout()
        label = QLabel(_("&File"))
        label.setBuddy(self.path)
        form.addRow(label, row)
        language = QLabel(_("&Language"))
        language.setBuddy(self.language)
        form.addRow(language, self.language)
        self.counterpart.toggled.connect(self._on_edition)
        self._on_edition(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.counterpart)
        box.addWidget(self.html)
        box.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _on_edition(self, counterpart: bool) -> None:
        if not self._picked:
            self.language.setCurrentIndex(max(0, self.language.findData(self.languages[0 if counterpart else 1])))

    def _on_browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export brief"), self.path.text(), _("PDF (*.pdf)"))
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")


def _counterpart_language(iso3: str) -> str:
    """The target country's language (desktop.core.languages, landing with the core's catalogues);
    until it is there, the user's."""
    try:
        from ..core.languages import counterpart_language
    except ImportError:
        return i18n.current_language()
    return counterpart_language(iso3)


def ask_export_brief(parent: QWidget | None, default_path: str, languages: tuple[str, str] = ("en", "en")):
    """(path, counterpart, html, language) for the brief, or None if cancelled; languages: the
    default for the counterpart edition and for the internal one."""
    dialog = ExportBriefDialog(parent, default_path, languages)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path.text().strip():
        return None
    return dialog.path.text().strip(), dialog.counterpart.isChecked(), dialog.html.isChecked(), dialog.language.currentData()


class ExportBundleDialog(QDialog):
    """For whom the bundle is: a colleague (encrypted), the counterpart (the offer only), or plain internal."""

    EDITIONS = (
        ("sealed", N_("For a colleague — encrypted with a passphrase (everything, unreadable without it)")),
        ("counterpart", N_("For the counterpart — the offer only (no notes, red lines, history, snapshots or assumptions)")),
        ("plain", N_("Plain internal file — anyone who gets it can read the notes, red lines and reasons")),
    )

    def __init__(self, parent: QWidget | None) -> None:
        from PySide6.QtWidgets import QButtonGroup, QRadioButton

        super().__init__(parent)
        self.setWindowTitle(_("Export proposal bundle"))
        self.group = QButtonGroup(self)
        box = QVBoxLayout(self)
        self.choices: dict[str, QRadioButton] = {}
        for key, text in self.EDITIONS:
            text = _(text)
            button = QRadioButton(text)
            button.setAccessibleName(text.split(" — ")[0])
            self.group.addButton(button)
            self.choices[key] = button
            box.addWidget(button)
        self.choices["sealed"].setChecked(True)
        self.passphrase, self.repeat = QLineEdit(), QLineEdit()
        for edit, name in ((self.passphrase, _("Passphrase")), (self.repeat, _("Passphrase again"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.also_seal = QCheckBox(_("Encrypt the counterpart edition too"))
        form = QFormLayout()
        form.addRow(_("&Passphrase"), self.passphrase)
        form.addRow(_("&Again"), self.repeat)
        box.addLayout(form)
        box.addWidget(self.also_seal)
        self.problem = plain_label("", "muted", wrap=True)
        box.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.group.buttonToggled.connect(lambda *_: self._sync())
        self.also_seal.toggled.connect(lambda *_: self._sync())
        self._sync()

    def edition(self) -> str:
        return next(k for k, b in self.choices.items() if b.isChecked())

    def sealed(self) -> bool:
        return self.edition() == "sealed" or (self.edition() == "counterpart" and self.also_seal.isChecked())

    def _sync(self) -> None:
        self.also_seal.setEnabled(self.edition() == "counterpart")
        for edit in (self.passphrase, self.repeat):
            edit.setEnabled(self.sealed())

    def _on_accept(self) -> None:
        from ..core.sealed import check_passphrase

        if self.sealed():
            if self.passphrase.text() != self.repeat.text():
                self.problem.setText(_("The two passphrases differ."))
                return
            try:
                check_passphrase(self.passphrase.text())
            except DomainError as exc:
                self.problem.setText(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
                return
        self.accept()


def ask_bundle_edition(parent: QWidget | None) -> tuple[bool, str | None] | None:
    """(counterpart, passphrase or None) for a bundle export, or None if cancelled."""
    dialog = ExportBundleDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.edition() == "counterpart", dialog.passphrase.text() if dialog.sealed() else None


def ask_passphrase(parent: QWidget | None, name: str, again: bool) -> str | None:
    """The passphrase of a sealed bundle, or None if cancelled."""
    from PySide6.QtWidgets import QInputDialog

    prompt = (_("That passphrase does not open it. ") if again else "") + _("{name} is encrypted. Passphrase:").format(name=name)
    text, ok = QInputDialog.getText(parent, _("Import proposal bundle"), prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def ask_save_path(parent: QWidget | None, title: str, default_path: str, filters: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(parent, title, default_path, filters)
    return path or None


def ask_apply_figures(parent: QWidget | None, name: str, changes, comparison) -> bool:
    """The figures import's preview: Apply (True) or Cancel (desktop.ui.figures_preview)."""
    from .figures_preview import ask_apply_figures as ask

    return ask(parent, name, changes, comparison)


def ask_open_path(parent: QWidget | None, title: str, filters: str, folder: str = "") -> str | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def _read(path: str) -> bytes:
    return read_limited(path, MAX_FILE)


# ---------------------------------------------------------------------------- actions


class Exchange(QObject):
    """The File-menu actions that write or read files (brief, bundles, country figures)."""

    message = Signal(str)

    def __init__(self, store: Store, session: Session, persister: Persister, autosaver, documents, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.persister = persister
        self.autosaver = autosaver
        self.documents = documents

    @property
    def last_folder(self) -> str:
        """Where the last export went (remembered between launches); Documents at first."""
        return window_state.last_folder("export")

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        window_state.remember_folder("export", folder)

    def _window(self):
        return self.parent()

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        return {"file.export_brief": self.export_brief, "file.export_bundle": self.export_bundle,
                "file.import_bundle": self.import_bundle, "file.import_figures": self.import_figures}

    def adopt(self, _actions) -> None:
        pass

    def _default(self, suffix: str) -> str:
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.session.proposal.name).strip() or "proposal"
        return str(Path(self.last_folder) / f"{safe}{suffix}")

    def export_brief(self) -> None:
        if not self.session.assessment.scored:  # an embargoed destination: no brief is written
            from ..core.screen import refuse_embargoed

            why = refuse_embargoed(self.session.assessment, "brief") or _("no brief")
            dialogs.explain(self._window(), _("Export brief"), why[:1].upper() + why[1:] + ".")
            return
        languages = (_counterpart_language(self.session.proposal.country), i18n.current_language())
        answer = ask_export_brief(self._window(), self._default(" brief.pdf"), languages)
        if answer is None:
            return
        path, counterpart, html, *chosen = answer
        lang = chosen[0] if chosen else languages[0 if counterpart else 1]
        from . import brief_render

        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        there = [str(p) for p in (Path(path), brief_render.html_path_for(path) if html else None) if p is not None and p.exists()]
        if there and not dialogs.ask_replace(self._window(), _("Export brief"), there):
            return  # a typed path the file dialog did not ask about: never overwritten silently
        try:
            with i18n.use_language(lang):  # the brief in its language; the window stays in the user's
                brief = brief_render.brief_for(self.store, self.session.proposal, counterpart=counterpart,
                                               assumptions=self.session.assumptions, profile=self.session.profile)
                result = brief_render.export_brief_files(brief, brief_render.footer_for(self.store), path, html, brief_render.save_bytes)
        except (DomainError, StoreError, OSError) as exc:
            dialogs.explain(self._window(), _("Export brief"), _("The brief was not written: {exc}").format(exc=exc))
            return
        self.last_folder = str(Path(path).parent)
        pages = result["pages"]
        said = (ngettext("Wrote the counterpart-safe brief to {path} ({pages} page)",
                         "Wrote the counterpart-safe brief to {path} ({pages} pages)", pages) if counterpart
                else ngettext("Wrote the brief to {path} ({pages} page)", "Wrote the brief to {path} ({pages} pages)", pages))
        self.message.emit(said.format(path=path, pages=pages))

    def export_bundle(self) -> None:
        choice = ask_bundle_edition(self._window())
        if choice is None:
            return
        counterpart, passphrase = choice
        suffix = (_(" (counterpart)") if counterpart else "") + ".json"
        path = ask_save_path(self._window(), _("Export proposal bundle"), self._default(suffix), _("Bundle (*.json *.zip)"))
        if not path:
            return
        from ..core.bundle import dump_bundle
        from ..store.exchange import export_bundle
        from . import brief_render

        try:
            self.autosaver.flush_all()
            if path.lower().endswith(".zip"):  # streamed (schema 5)
                from ..store.exchange_stream import write_bundle_file

                write_bundle_file(self.store, [self.session.proposal.name], path, counterpart=counterpart, passphrase=passphrase)
            else:
                bundle = export_bundle(self.store, [self.session.proposal.name], counterpart=counterpart)
                brief_render.save_bytes(path, dump_bundle(bundle, as_zip=False, passphrase=passphrase))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self._window(), _("Export proposal bundle"), _("The bundle was not written: {exc}").format(exc=exc))
            return
        self.last_folder = str(Path(path).parent)
        said = {(False, False): _("Exported “{name}” to {path}"),
                (False, True): _("Exported encrypted “{name}” to {path}"),
                (True, False): _("Exported the counterpart edition of “{name}” to {path}"),
                (True, True): _("Exported the counterpart edition of encrypted “{name}” to {path}")}[(bool(counterpart), bool(passphrase))]
        self.message.emit(said.format(name=self.session.proposal.name, path=path))

    def import_bundle(self) -> None:
        path = ask_open_path(self._window(), _("Import proposal bundle"), _("Bundle (*.json *.zip)"),
                             window_state.last_folder("import"))
        if not path:
            return
        window_state.remember_folder("import", Path(path).parent)
        self.import_path(path)

    def import_path(self, path: str) -> None:
        """Import the bundle at path (File ▸ Import, a dropped file, `export-desk FILE`)."""
        from ..core.bundle import parse_bundle
        from ..core.sealed import PassphraseNeeded, WrongPassphrase
        from ..store.exchange import NameConflict, bundle_changes_assumptions
        from ..store.exchange_stream import read_whole

        if not self.documents.flush_first():
            return
        try:
            name, passphrase = Path(path).name, None
            if not read_whole(path):  # sealed or streamed: read in steps by the import itself
                return self._import_in_steps(path, name)
            data = _read(path)
            while True:
                try:
                    bundle = parse_bundle(data, name, passphrase)
                    break
                except (PassphraseNeeded, WrongPassphrase) as exc:
                    passphrase = ask_passphrase(self._window(), name, again=isinstance(exc, WrongPassphrase))
                    if passphrase is None:
                        return
            use = False
            if bundle_changes_assumptions(self.store, bundle):
                use = dialogs.confirm(
                    self._window(), _("Import proposal bundle"),
                    _("The bundle carries an assumption set with values different from yours. It is stored either "
                    "way (its snapshots stay reproducible). Use it from now on for every proposal?\n\n"
                    "No keeps your assumption set in use."),
                )
            try:
                result = self.persister.import_bundle(bundle, use_assumptions=use)
            except NameConflict as clash:
                names = ", ".join(f"“{n}”" for n in clash.names)
                if not dialogs.confirm(
                    self._window(), _("Import proposal bundle"),
                    _("A proposal named {names} already exists here. Import under a new name (… (imported))?").format(names=names),
                ):
                    return
                result = self.persister.import_bundle(bundle, rename=True, use_assumptions=use)
        except (DomainError, StoreError) as exc:
            dialogs.explain(self._window(), _("Import proposal bundle"), _("Nothing was imported.\n\n{exc}").format(exc=exc))
            return
        self.message.emit(ngettext("Imported {count} proposal from {name}", "Imported {count} proposals from {name}", len(result['imported'])).format(count=len(result['imported']), name=Path(path).name))

    def _import_in_steps(self, path: str, name: str) -> None:
        """A sealed or streamed bundle: asks for the passphrase when needed, then for a new name on a clash."""
        from ..core.sealed import PassphraseNeeded, WrongPassphrase
        from ..store.exchange import NameConflict

        passphrase: str | None = None
        rename = False
        while True:
            try:
                result = self.persister.import_bundle((path, passphrase), rename=rename)
                break
            except (PassphraseNeeded, WrongPassphrase) as exc:
                passphrase = ask_passphrase(self._window(), name, again=isinstance(exc, WrongPassphrase))
                if passphrase is None:
                    return
            except NameConflict as clash:
                names = ", ".join(f"“{n}”" for n in clash.names[:3])
                if rename or not dialogs.confirm(
                    self._window(), _("Import proposal bundle"),
                    _("A proposal named {names} already exists here. Import under a new name (… (imported))?").format(names=names),
                ):
                    return
                rename = True
            except (DomainError, StoreError) as exc:
                dialogs.explain(self._window(), _("Import proposal bundle"), _("Nothing was imported.\n\n{exc}").format(exc=exc))
                return
        self.message.emit(f"Imported {len(result['imported'])} proposal(s) from {name}")

    def import_figures(self) -> None:
        path = ask_open_path(self._window(), _("Import country figures"), _("CSV (*.csv)"), window_state.last_folder("import"))
        if not path:
            return
        window_state.remember_folder("import", Path(path).parent)
        from ..core.figures_csv import compare_overall
        from ..store.vintages import preview_figures

        name = Path(path).name
        s = self.session
        try:
            preview = preview_figures(self.store, _read(path), name, s.assumptions, profiles=s.profiles)
        except (DomainError, StoreError) as exc:
            dialogs.explain(self._window(), _("Import country figures"), _("Nothing was imported.\n\n{exc}").format(exc=exc))
            return
        if not ask_apply_figures(self._window(), name, preview.changes, preview.comparison):
            return
        old = s.profiles
        try:
            self.autosaver.flush_all()
            vintage = self.persister.import_figures(preview, _("Imported from {name}").format(name=name))
        except (DomainError, StoreError) as exc:
            dialogs.explain(self._window(), _("Import country figures"), _("Nothing was imported.\n\n{exc}").format(exc=exc))
            return
        now = list(compare_overall([s.proposal], old, s.profiles, s.assumptions))
        detail = _("; “{name}” overall {old:.1f} → {new:.1f}").format(name=now[0]['name'], old=now[0]['old'], new=now[0]['new']) if now else ""
        self.message.emit(_("Country figures imported as data vintage {vintage}{detail}").format(vintage=vintage, detail=detail))
