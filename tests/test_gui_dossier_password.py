"""Attack (issue 12, item 7) in the window: a weak typed password is refused with the reason and a proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_kit.dossier.password import check_password
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register, Translator
from tests.test_gui_helpers import add_page

pytest.importorskip("pytestqt")


@pytest.fixture
def page(qtbot, case, tmp_path, isolated_dirs):  # type: ignore[no-untyped-def]
    from evidence_kit.gui.pages.dossier import DossierPage

    session = Session(Translator("en", Register.HELPER))
    session.set_case(case)
    dossier_page = DossierPage(session)
    add_page(qtbot, dossier_page)
    dossier_page.refresh()
    (tmp_path / "out").mkdir()
    dossier_page.out_path.setText(str(tmp_path / "out" / "dossier.pdf"))
    dossier_page._path_touched = True
    return dossier_page


def test_a_weak_typed_password_is_refused_with_the_reason_and_a_strong_one_offered(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.password.setText("12345678")
    page._password_typed("12345678")  # what typing does (textEdited)
    page.start_export()
    message = page.export_message.text()
    assert page.task is None
    assert "too easy to guess: it is, or is built on, a common password" in message
    offered = message.split("made for you: ")[1].split(" ")[0]
    assert check_password(offered) is None
    assert not list((tmp_path / "out").iterdir())
