"""Checks that the Qt binding keeps Python's reference count of ``None`` right.

PySide6 6.12.0 (shiboken6 6.12.0) drops one reference to ``None`` on every call of
a Qt method that returns nothing. On Python 3.11, where ``None`` is not immortal,
the interpreter aborts after a few thousand such calls ("none_dealloc"), so a long
session in the window dies. ``pyproject.toml`` excludes that release; this check
catches the next one, in the test suite and in ``--self-test`` of a built bundle.

The calls are made in small batches and the check stops at the first batch that
loses references, then gives them back, so a bad binding is reported instead of
crashing the process that looks for it.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from dataclasses import dataclass

BATCH = 100


@dataclass(frozen=True)
class BindingCheck:
    calls: int  # void Qt calls made
    lost: int  # references to None lost over those calls (0 for a sound binding)
    method: str  # the first method seen losing references, "" when none did

    @property
    def ok(self) -> bool:
        return self.lost == 0


def _void_calls() -> list[tuple[str, Callable[[int], object]]]:
    """Void methods of the kinds the pages call all the time, each bound to a live object."""
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar, QWidget

    widget, label, line, box, bar = QWidget(), QLabel(), QLineEdit(), QCheckBox(), QProgressBar()
    listing = QListWidget()
    item = QListWidgetItem("x", listing)
    model = QStringListModel(["a", "b"])
    index = model.index(0, 0)
    keep = (widget, label, line, box, bar, listing, item, model)  # alive as long as the lambdas
    role = Qt.ItemDataRole.UserRole
    checked, unchecked = Qt.CheckState.Checked, Qt.CheckState.Unchecked
    calls: list[tuple[str, Callable[[int], object]]] = [
        ("QLabel.setText", lambda i: label.setText("ab"[i % 2])),
        ("QWidget.setEnabled", lambda i: widget.setEnabled(bool(i % 2))),
        ("QWidget.setToolTip", lambda i: widget.setToolTip("t")),
        ("QLineEdit.setText", lambda i: line.setText("ab"[i % 2])),
        ("QCheckBox.setChecked", lambda i: box.setChecked(bool(i % 2))),
        ("QProgressBar.setValue", lambda i: bar.setValue(i % 100)),
        ("QListWidgetItem.setData", lambda i: item.setData(role, i)),
        ("QListWidgetItem.setCheckState", lambda i: item.setCheckState(checked if i % 2 else unchecked)),
        ("QAbstractItemModel.dataChanged", lambda i: model.dataChanged.emit(index, index)),
        ("keep", lambda i: keep),  # returns an object: a control that must never lose references
    ]
    return calls


def check_none_references(calls: int = 20_000) -> BindingCheck:
    """Make about ``calls`` void Qt calls; report the references to ``None`` they lost (needs a QApplication)."""
    methods = _void_calls()
    made = 0
    per_method = max(BATCH, calls // len(methods))
    for name, call in methods:
        for _start in range(0, per_method, BATCH):
            before = sys.getrefcount(None)
            for i in range(BATCH):
                call(i)
            lost = before - sys.getrefcount(None)
            made += BATCH
            if lost >= BATCH // 2:  # a few references may move elsewhere; a leak per call shows as ~BATCH
                _give_back(lost)
                return BindingCheck(calls=made, lost=lost, method=name)
    return BindingCheck(calls=made, lost=0, method="")


def _give_back(count: int) -> None:
    """Restore the references the binding dropped, so the process that found the fault survives to report it."""
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
