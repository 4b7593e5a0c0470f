"""The last step's "File a complaint online" section: THESEE's fields with the vault's values; Copy copies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame

from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_complaint import fill
from tests.test_gui_helpers import add_page

pytest.importorskip("pytestqt")


def test_the_section_lists_thesee_fields_and_copy_puts_the_value_on_the_clipboard(qtbot, case, isolated_dirs) -> None:
    from evidence_kit.gui.pages.dossier import DossierPage

    fill(case)
    session = Session(Translator("fr", Register.VICTIM))
    session.set_case(case)
    page = DossierPage(session)
    add_page(qtbot, page)
    page.show()
    help_ = page.complaint
    assert help_.title.text() == "Porter plainte en ligne"
    assert "ton coffre-fort" in help_.intro.text()
    thesee = page.findChild(QFrame, "complaint_form_thesee")
    assert thesee is not None
    seal = help_.values[("thesee", "seal")]
    assert seal.text() == case.keys.seal_fingerprint
    assert help_.values[("thesee", "first_contact")].text().startswith("20/11/2026 21:05 UTC+01:00")
    ids = help_.values[("thesee", "scammer_ids")].text()
    assert ids.splitlines()[0] == "Instagram : @lea.du.75 · id 60491827350"
    payments = help_.values[("thesee", "payments")].text()
    assert "150 EUR" in payments and "PCS 4411 2298" in payments and "TX-778" in payments
    # Nothing recorded: said, and no Copy button.
    assert help_.values[("thesee", "demands")].text().startswith("Non noté")
    assert ("thesee", "demands") not in help_.copy_buttons
    copy = help_.copy_buttons[("thesee", "scammer_ids")]
    assert copy.accessibleName() == "Copier : Identifiants de l'escroc"
    QGuiApplication.clipboard().clear()
    QTest.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == ids
    assert help_.status.text().startswith("Copié : Identifiants de l'escroc")
    QTest.mouseClick(help_.copy_buttons[("thesee", "seal")], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == case.keys.seal_fingerprint
    assert help_.link_buttons["pharos"].toolTip() == "https://www.internet-signalement.gouv.fr/"
    # The register follows the session: "vous" for a helper, English when asked.
    session.set_register(Register.HELPER)
    assert "votre coffre-fort" in help_.intro.text()
    session.set_language("en")
    assert help_.title.text() == "File a complaint online"
    assert help_.values[("thesee", "seal")].text() == case.keys.seal_fingerprint
    # Hidden (another step shown): rebuilt when shown again, with what changed meanwhile.
    page.hide()
    session.set_language("fr")
    assert help_.title.text() == "File a complaint online"
    page.show()
    assert help_.title.text() == "Porter plainte en ligne"


def test_after_the_export_the_section_gives_the_pdf_fingerprint(qtbot, case, tmp_path, isolated_dirs) -> None:
    import hashlib

    from evidence_kit.gui.pages.dossier import DossierPage
    from tests.test_gui_helpers import TASK_WAIT_MS

    fill(case)
    session = Session(Translator("en", Register.HELPER))
    session.set_case(case)
    page = DossierPage(session)
    add_page(qtbot, page)
    page.show()
    out = tmp_path / "out" / "dossier.pdf"
    out.parent.mkdir()
    page.out_path.setText(str(out))
    page._path_touched = True
    assert ("thesee", "dossier_sha256") not in page.complaint.copy_buttons
    QTest.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None, timeout=TASK_WAIT_MS)
    assert page.result is not None, page.export_message.text()
    digest = hashlib.sha256(out.read_bytes()).hexdigest()  # the file as written, read back
    assert page.complaint.values[("thesee", "dossier_sha256")].text() == digest
    QTest.mouseClick(page.complaint.copy_buttons[("thesee", "dossier_sha256")], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == digest
