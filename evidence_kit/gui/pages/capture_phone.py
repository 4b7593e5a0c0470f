"""The Capture page's phone card: how to bring screenshots from a phone, and the receiver that takes them over Wi-Fi."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from evidence_kit.gui.pages.common import button, card, wrapping_label


def build_phone_help(page: Any) -> QWidget:
    """The card; its texts are set by the page's retranslate() (phone_title, phone_text, phone_button)."""
    frame, layout = card()
    page.phone_title = wrapping_label("subtitle")
    page.phone_text = wrapping_label()
    layout.addWidget(page.phone_title)
    layout.addWidget(page.phone_text)
    page.phone_button = button("capture_phone")
    page.phone_button.clicked.connect(lambda: receive_from_phone(page))
    row = QHBoxLayout()
    row.addWidget(page.phone_button)
    row.addStretch(1)
    layout.addLayout(row)
    return frame


def receive_from_phone(page: Any) -> None:
    """The receiver runs only while its panel is open (at most 30 minutes)."""
    if page.session.case is None:
        return
    from evidence_kit.gui.widgets.phone_receiver import PhoneReceiverPanel

    panel = PhoneReceiverPanel(page.session, page)
    panel.exec()
    panel.deleteLater()
