"""File ▸ New, Open, Duplicate, Rename, Delete: the questions asked (none for Delete: it is undone instead);
the persister's workflows do the work."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core import ops
from ..core.i18n import _
from ..core.model import DomainError
from ..core.session import Session
from ..core.text import look_alike
from ..store import Store, StoreError
from ..store.persister import Persister
from . import dialogs
from .autosave import Autosaver
from .editor import Editor


class Documents(QObject):
    """Opens, creates and deletes proposals; flushes the current one before switching."""

    message = Signal(str)
    deleted = Signal(str)  # the name of the proposal just put in the trash (undoable)

    def __init__(
        self, store: Store, session: Session, persister: Persister, editor: Editor, autosaver: Autosaver, parent=None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.persister = persister
        self.editor = editor
        self.autosaver = autosaver

    def _window(self):
        return self.parent()

    def handlers(self) -> dict:
        """The menu entries this part handles (desktop/ui/action_registry.py)."""
        return {"file.new": self.new, "file.open": self.open, "file.duplicate": self.duplicate,
                "file.rename": self.rename, "file.delete": self.delete}

    def adopt(self, _actions) -> None:
        pass

    def name_taken(self, name: str) -> bool:
        """True when another proposal has this name, or one that looks the same (Cyrillic е for e …)."""
        found = self.store.find_proposal(name)
        if found is not None and found.id != self.session.proposal.id:
            return True
        others = [p.name for p in self.store.proposals() if p.id != self.session.proposal.id]
        return look_alike(name, others) is not None

    def flush_first(self) -> bool:
        """Write the current proposal before another is opened; if that fails, ask whether to go on without it."""
        if self.autosaver.flush_all():
            return True
        if dialogs.confirm(
            self._window(), _("Not saved"), _("The current proposal could not be saved ({detail}). Continue anyway?").format(detail=self.autosaver.detail)
        ):
            self.autosaver.forget()
            return True
        return False

    def _run(self, title: str, work) -> bool:
        """Run a workflow; explain (and change nothing) when it is refused."""
        try:
            work()
        except (DomainError, StoreError) as exc:
            dialogs.explain(self._window(), title, str(exc)[:1].upper() + str(exc)[1:])
            return False
        return True

    def new(self) -> None:
        if not self.flush_first():
            return
        outside = {iso: st for iso, st in self.store.destinations().items() if iso not in self.session.profiles}
        answer = dialogs.ask_new_proposal(
            self._window(), dict(self.session.profiles), self.session.proposal.country, self.store.unique_name(_("New proposal")),
            outside=outside,
        )
        if answer is None:
            return
        name, iso = answer
        if self._run(_("New proposal"), lambda: self.persister.create(name, iso)):
            self.message.emit(_("Created “{name}”").format(name=name))

    def open(self) -> None:
        if not self.flush_first():
            return
        fetch = lambda text, limit, offset: self.store.proposal_summaries(text, limit, offset)  # noqa: E731
        chosen = dialogs.ask_open(self._window(), fetch, dict(self.session.profiles))
        if chosen is None:
            return
        example = self.store.proposal_by_id(chosen)
        if self._run(_("Open proposal"), lambda: self.persister.open_id(chosen)) and example is not None and example.example:
            self.message.emit(_("Opened “{name}”, a working copy of the example").format(name=self.session.proposal.name))

    def open_id(self, proposal_id: int) -> None:
        if self.flush_first():
            self._run(_("Open proposal"), lambda: self.persister.open_id(proposal_id))

    def duplicate(self) -> None:
        if self.flush_first() and self._run(_("Duplicate"), self.persister.duplicate):
            self.message.emit(_("Duplicated as “{name}”").format(name=self.session.proposal.name))

    def rename(self) -> None:
        current = self.session.proposal
        name = dialogs.ask_text(self._window(), _("Rename proposal"), _("New name:"), current.name)
        if name is None or name == current.name:
            return
        if not name or self.name_taken(name):
            dialogs.explain(self._window(), _("Rename proposal"), _("Choose another name: “{name}” is empty or already used.").format(name=name))
            return
        self.editor.apply(ops.rename(current, name))

    def delete(self) -> None:
        """Put the current proposal in the trash at once, no question: the status bar offers Undo
        (`deleted`), and Edit ▸ Undo brings it back (one step of the history)."""
        if not self.flush_first():
            return
        deleted = None

        def work() -> None:
            nonlocal deleted
            deleted = self.persister.delete_current()

        if self._run(_("Delete proposal"), work) and deleted is not None:
            self.autosaver.forget()  # nothing of the deleted proposal is left to write
            self.deleted.emit(deleted.name)
