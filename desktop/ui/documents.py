"""File ▸ New, Open, Duplicate, Rename, Delete: which proposal the session holds, and the store behind it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from ..core.model import DomainError, Proposal
from ..core.session import Session
from ..store import Store
from . import dialogs
from .autosave import Autosaver
from .editor import Editor

DEFAULT_COUNTRY = "KEN"


def initial_proposal(store: Store) -> Proposal:
    """The most recently changed proposal (not a shipped example), or a new saved one for the default country."""
    latest = store.latest_proposal()
    if latest is not None and latest.example:
        latest = next((p for p in store.proposals() if not p.example), None)
    if latest is not None:
        return latest
    profiles = store.profiles()
    iso = DEFAULT_COUNTRY if DEFAULT_COUNTRY in profiles else next(iter(profiles))
    return store.save_proposal(Proposal(name=store.unique_name(f"{profiles[iso].name} proposal"), country=iso))


class Documents(QObject):
    """Opens, creates and deletes proposals; flushes the current one before switching."""

    message = Signal(str)

    def __init__(self, store: Store, session: Session, editor: Editor, autosaver: Autosaver, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.editor = editor
        self.autosaver = autosaver

    def _window(self):
        return self.parent()

    def name_taken(self, name: str) -> bool:
        found = self.store.find_proposal(name)
        return found is not None and found.id != self.session.proposal.id

    def _switch_to(self, proposal: Proposal) -> None:
        self.editor.reset_history()
        self.session.load(proposal)

    def _flush_first(self) -> bool:
        if self.autosaver.flush_all():
            return True
        return dialogs.confirm(
            self._window(), "Not saved", f"The current proposal could not be saved ({self.autosaver.detail}). Continue anyway?"
        )

    def new(self) -> None:
        if not self._flush_first():
            return
        outside = {iso: st for iso, st in self.store.destinations().items() if iso not in self.session.profiles}
        answer = dialogs.ask_new_proposal(
            self._window(), dict(self.session.profiles), self.session.proposal.country, self.store.unique_name("New proposal"),
            outside=outside,
        )
        if answer is None:
            return
        name, iso = answer
        if not name or self.store.find_proposal(name) is not None:
            dialogs.explain(self._window(), "New proposal", f"Choose another name: “{name}” is empty or already used.")
            return
        self._switch_to(self.store.save_proposal(Proposal(name=name, country=iso)))
        self.message.emit(f"Created “{name}”")

    def open(self) -> None:
        if not self._flush_first():
            return
        chosen = dialogs.ask_open(self._window(), self.store.proposals(), dict(self.session.profiles))
        if chosen is None:
            return
        proposal = self.store.proposal_by_id(chosen)
        if proposal is None:
            dialogs.explain(self._window(), "Open proposal", "That proposal no longer exists.")
            return
        if proposal.example:  # demos run on a copy: the shipped example stays as it is
            from ..store.examples import working_copy

            proposal = working_copy(self.store, proposal)
            self.message.emit(f"Opened “{proposal.name}”, a working copy of the example")
        self._switch_to(proposal)

    def open_id(self, proposal_id: int) -> None:
        proposal = self.store.proposal_by_id(proposal_id)
        if proposal is not None and self._flush_first():
            self._switch_to(proposal)

    def duplicate(self) -> None:
        if not self._flush_first():
            return
        current = self.session.proposal
        copy = replace(current, id=None, name=self.store.unique_name(f"{current.name} (copy)"), example=False, created=None)
        self._switch_to(self.store.save_proposal(copy))
        self.message.emit(f"Duplicated as “{copy.name}”")

    def rename(self) -> None:
        current = self.session.proposal
        name = dialogs.ask_text(self._window(), "Rename proposal", "New name:", current.name)
        if name is None or name == current.name:
            return
        if not name or self.name_taken(name):
            dialogs.explain(self._window(), "Rename proposal", f"Choose another name: “{name}” is empty or already used.")
            return
        from ..core import ops

        self.editor.apply(ops.rename(current, name))

    def delete(self) -> None:
        current = self.session.proposal
        if not dialogs.confirm(
            self._window(), "Delete proposal", f"Delete “{current.name}” and its snapshots? This cannot be undone."
        ):
            return
        self.autosaver.flush_all()
        if current.id is not None:
            self.store.delete_proposal(current.id)
        self.autosaver.forget()
        try:
            self._switch_to(initial_proposal(self.store))
        except DomainError as exc:
            dialogs.explain(self._window(), "Delete proposal", str(exc))
        self.message.emit(f"Deleted “{current.name}”")
