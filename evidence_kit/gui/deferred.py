"""Settings that need Qt's ``Qt`` namespace, applied right after the window's first paint.

The first touch of ``PySide6.QtCore.Qt`` builds its ~90 Python enum classes at
once (25–40 ms here), a large share of the time before the first page shows.
The shell and the welcome page are therefore built without it: what they
would set with a ``Qt.`` value (label selection, keyboard access to links,
list item flags, the quick-exit shortcut's reach…) is queued with ``later``
and applied by ``run_pending`` once the window has been painted.  From then
on ``later`` runs its action at once, and every other module uses ``Qt``
directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_pending: list[Callable[[], None]] = []
_ready = False


def ready() -> bool:
    """True once the first paint is done (``Qt`` may be used freely)."""
    return _ready


def later(action: Callable[[], None]) -> None:
    """Run ``action`` after the first paint (at once if it is already done)."""
    if _ready:
        action()
    else:
        _pending.append(action)


def run_pending() -> None:
    """The first paint is done: apply what waited for it."""
    global _ready
    _ready = True
    actions = list(_pending)
    _pending.clear()
    for action in actions:
        try:
            action()
        except RuntimeError:  # its widget was deleted before the window was ever painted
            log.debug("deferred setting skipped: widget gone")
