"""Background tasks: results arrive in the GUI thread in order, belong to one window, and never outlive it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers import PASSPHRASE
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.errors import CaseBusy
from evidence_kit.gui.session import Session
from evidence_kit.gui.workers import Task, close_unclaimed_case
from tests.test_gui_helpers import TASK_WAIT_MS, WAIT_MS, finish, open_window

pytest.importorskip("pytestqt")


def gated(gate: threading.Event, then=lambda: None):  # type: ignore[no-untyped-def]
    """A task function that waits for ``gate`` (so the test decides when it ends), then returns ``then()``."""

    def run(progress, cancelled):  # type: ignore[no-untyped-def]
        while not gate.wait(0.01):
            if cancelled():
                from evidence_kit.core.errors import Cancelled

                raise Cancelled()
        return then()

    return run


def test_results_arrive_in_the_gui_thread_in_order(qtbot) -> None:
    seen: list[tuple[str, object, bool]] = []
    gui = QThread.currentThread()

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        for number in range(5):
            task.produce(number)
            progress(number + 1, 5)
        return "done"

    task = Task(work, owner="test")
    task.produced.connect(lambda v: seen.append(("produced", v, QThread.currentThread() is gui)))
    task.progressed.connect(lambda v: seen.append(("progress", v, QThread.currentThread() is gui)))
    task.succeeded.connect(lambda v: seen.append(("succeeded", v, QThread.currentThread() is gui)))
    with qtbot.waitSignal(task.finished, timeout=TASK_WAIT_MS):
        task.start()
    assert all(in_gui for _, _, in_gui in seen)
    assert [v for kind, v, _ in seen if kind == "produced"] == [0, 1, 2, 3, 4]
    assert [v for kind, v, _ in seen if kind == "progress"] == [200, 400, 600, 800, 1000]
    assert seen[-1][:2] == ("succeeded", "done")
    assert not Task.running()


def test_tasks_belong_to_their_owner_and_stop_cancels_only_those(qtbot) -> None:
    gate = threading.Event()
    mine, theirs = Task(gated(gate), owner="mine"), Task(gated(gate), owner="theirs")
    failures: list[object] = []
    mine.failed.connect(failures.append)
    mine.start()
    theirs.start()
    try:
        assert Task.running("mine") == [mine] and Task.running("theirs") == [theirs]
        assert Task.stop("mine", wait_ms=TASK_WAIT_MS)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
        assert type(failures[0]).__name__ == "Cancelled"
        assert Task.running("theirs") == [theirs] and not theirs.cancelled
    finally:
        gate.set()
        assert Task.stop(None, wait_ms=TASK_WAIT_MS)


def test_a_case_opened_after_its_window_closed_is_closed_again(qtbot, tmp_path: Path) -> None:
    """A late result nobody receives must not keep the case's lock (or its keys) until the program ends."""
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    gate = threading.Event()
    delivered: list[object] = []
    task = Task(
        gated(gate, lambda: Case.open(folder, passphrase=PASSPHRASE)),
        owner="closing window",
        discard=close_unclaimed_case,
    )
    task.succeeded.connect(delivered.append)
    task.start()
    task.detach()  # the window closed while the case was being opened
    gate.set()
    assert task.wait(TASK_WAIT_MS)
    qtbot.waitUntil(lambda: task not in Task._running, timeout=WAIT_MS)
    assert delivered == []
    reopened = Case.open(folder, passphrase=PASSPHRASE)  # the lock was released: no CaseBusy
    reopened.close()


def test_closing_the_window_ends_its_tasks_and_frees_the_case(qtbot, tmp_path: Path, isolated_dirs) -> None:
    session, window = open_window(qtbot)
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    page = window.pages["case"]
    window.show_step("case")
    page.open_folder = folder
    page.open_secret.edit.setText(PASSPHRASE)
    page.open_case()
    assert page.task is not None
    window.close()  # at once, while the case is being opened (or its result is still on its way)
    assert not Task.running(session)
    QApplication.processEvents()
    assert session.case is None
    try:
        Case.open(folder, passphrase=PASSPHRASE).close()
    except CaseBusy:  # pragma: no cover - the failure this test guards against
        pytest.fail("the case stayed locked by a task of a closed window")
    finish(session)


def test_auto_lock_waits_only_for_its_own_windows_work(qtbot, tmp_path: Path, isolated_dirs) -> None:
    session, window = open_window(qtbot)
    case, _ = Case.create(tmp_path / "case", PASSPHRASE, kdf=KdfParams.for_tests())
    session.set_case(case)
    gate = threading.Event()
    other = Task(gated(gate), owner=Session())
    other.start()
    try:
        window.set_auto_lock_minutes(0.003)
        qtbot.waitUntil(lambda: session.case is None, timeout=WAIT_MS)
    finally:
        gate.set()
        assert Task.stop(None, wait_ms=TASK_WAIT_MS)
        finish(session)


# --- the pages' writes ----------------------------------------------------------------------------


def test_a_write_runs_in_a_worker_thread_and_reports_in_the_gui_thread(qtbot, case) -> None:
    from evidence_kit.core.model import Account
    from evidence_kit.gui.workers import Writer

    session = Session()
    session.set_case(case)
    writer = Writer(session)
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def write(c):  # type: ignore[no-untyped-def]
        seen["write_thread"] = threading.get_ident()
        return c.save_account(Account(id="", platform="instagram", username="@lea.du.75"))

    def done(account):  # type: ignore[no-untyped-def]
        seen["done_thread"] = threading.get_ident()
        seen["account"] = account

    assert writer.run(write, done, lambda exc: seen.setdefault("error", exc))
    assert not writer.run(write, done, lambda exc: None)  # a second save while one is in flight: refused
    qtbot.waitUntil(lambda: "account" in seen and not writer.busy, timeout=WAIT_MS)
    assert seen["write_thread"] != gui_thread and seen["done_thread"] == gui_thread
    assert [a.username for a in case.accounts.values()] == ["@lea.du.75"]
    assert "error" not in seen


def test_queued_writes_run_in_order_and_a_failure_reaches_its_own_callback(qtbot, case) -> None:
    from evidence_kit.core.errors import EvidenceKitError
    from evidence_kit.core.model import Account
    from evidence_kit.gui.workers import Writer

    session = Session()
    session.set_case(case)
    writer = Writer(session)
    order: list[str] = []
    failures: list[BaseException] = []
    for name in ("@one", "@two", "@three"):
        writer.run(
            lambda c, n=name: c.save_account(Account(id="", platform="instagram", username=n)),
            lambda a: order.append(a.username),
            failures.append,
            queue=True,
        )
    writer.run(lambda c: c.item("item-999"), order.append, failures.append, queue=True)  # no such item
    qtbot.waitUntil(lambda: not writer.busy, timeout=WAIT_MS)
    assert order == ["@one", "@two", "@three"]
    assert len(failures) == 1 and isinstance(failures[0], EvidenceKitError)


def test_an_export_snapshot_keeps_one_state_while_writes_go_on(case) -> None:
    from evidence_kit.core.model import Account, CustodyAction
    from evidence_kit.gui.snapshot import CaseSnapshot

    case.save_account(Account(id="", platform="instagram", username="@before"))
    snapshot = CaseSnapshot(case)
    head = snapshot.custody_head()
    case.save_account(Account(id="", platform="whatsapp", phone="+33612345678"))
    assert [a.username for a in snapshot.accounts.values()] == ["@before"]
    assert snapshot.custody_head() == head != case.custody_head()
    assert snapshot.reference == case.reference  # the rest reads through to the case
    snapshot.log_action(CustodyAction.EXPORTED, sha256="0" * 64)  # and writes go to the case itself
    assert case.custody[-1].action == CustodyAction.EXPORTED
