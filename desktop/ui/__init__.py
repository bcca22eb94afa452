"""The window and its parts (Qt).

Importing this package first imports the layers below it that the window cannot start without —
the engine (numpy), the session (psygnal) and the store (sqlite-utils) — so that they load before
any module here imports PySide6.  Once PySide6 is loaded every import statement goes through its
``__feature_import__`` hook: numpy, psygnal and sqlite-utils took ~0.26 s to import after PySide6
against ~0.21 s before it, and the window's start-up to idle ~37 ms less with this order (engine
first; the store first measured no faster than no pre-import at all).
"""

# isort: off
from ..core import engine as _engine  # noqa: F401 - imported for the order, see above
from ..core import session as _session  # noqa: F401
from .. import store as _store  # noqa: F401
# isort: on
