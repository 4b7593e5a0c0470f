"""Step 7: for each scammer account, how to report it and then block it (screenshot first); then where to go next."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from evidence_kit.core.model import Account, AccountOwner, PaymentMethod
from evidence_kit.gui import style
from evidence_kit.gui.pages import guide
from evidence_kit.gui.pages.account_status import AccountStatusBox
from evidence_kit.gui.pages.accounts import account_label, evidence_counts
from evidence_kit.gui.pages.base import Page
from evidence_kit.gui.pages.common import button, card, fill_combo, link_label, name, select_data, wrapping_label
from evidence_kit.gui.session import Session

_COUNTRY_NAMES = {"FR": "france", "BE": "belgium", "CH": "switzerland", "CA-QC": "quebec"}
_HARD_TO_RECOVER = (PaymentMethod.COUPON, PaymentMethod.CRYPTO, PaymentMethod.GIFT_CARD)


class AccountReportCard(QFrame):
    """One scammer account: its evidence, how to report it, what reporting does, then the status boxes."""

    def __init__(
        self, session: Session, account: Account, evidence: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.account_id = account.id
        self.setProperty("role", "card")
        self.setObjectName(f"report_card_{account.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACE * 2, style.SPACE * 2, style.SPACE * 2, style.SPACE * 2)
        layout.setSpacing(style.SPACE)
        t = session.translator
        case = session.case
        assert case is not None
        guide_info = guide.report_guide(account.platform, t, account.platform_other)

        self.title = wrapping_label("subtitle")
        self.title.setText(account_label(account, t))
        layout.addWidget(self.title)

        if evidence is None:
            evidence = len(case.evidence_for_account(account.id))
        self.evidence = wrapping_label("muted" if evidence else "")
        self.evidence.setText(
            t("pages.report.evidence_count", n=evidence) if evidence else t("pages.report.no_evidence_yet")
        )
        layout.addWidget(self.evidence)
        self.go_accounts = button(f"go_accounts_{account.id}")
        self.go_accounts.setText(t("pages.report.link_evidence"))
        name(self.go_accounts, t("pages.report.link_evidence"))
        row = QHBoxLayout()
        row.addWidget(self.go_accounts)
        row.addStretch(1)
        layout.addLayout(row)
        self.go_accounts.setVisible(not evidence)  # only once it has a parent, or it would open as a window

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACE * 3)
        how = QVBoxLayout()
        how.setSpacing(style.SPACE // 2)
        how_title = wrapping_label()
        how_title.setText("<b>" + t("pages.report.how_report") + "</b>")
        how.addWidget(how_title)
        steps = guide_info.report_steps or [t("pages.report.generic_report")]
        self.steps = wrapping_label()
        self.steps.setObjectName(f"report_steps_{account.id}")
        self.steps.setText("\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
        how.addWidget(self.steps)
        if guide_info.uncertain:
            check = wrapping_label("muted")
            check.setText(t("pages.report.steps_to_check"))
            how.addWidget(check)
        self.links = []
        for label, url in guide_info.links:
            link = link_label(label, url)
            self.links.append(link)
            how.addWidget(link)
        if not guide_info.links:
            no_link = wrapping_label("muted")
            no_link.setText(t("pages.report.no_link"))
            how.addWidget(no_link)
        if guide_info.block_steps:
            block_title = wrapping_label()
            block_title.setText("<b>" + t("pages.report.how_block") + "</b>")
            block = wrapping_label()
            block.setText("\n".join(f"{i}. {s}" for i, s in enumerate(guide_info.block_steps, 1)))
            how.addWidget(block_title)
            how.addWidget(block)
        how.addStretch(1)
        columns.addLayout(how, 3)

        side = QVBoxLayout()
        side.setSpacing(style.SPACE)
        effects = guide_info.side_effects or [t("pages.report.generic_side_effect")]
        warning, warning_layout = card("warning")
        self.side_effects = wrapping_label()
        self.side_effects.setObjectName(f"side_effects_{account.id}")
        self.side_effects.setText(t("pages.report.before_you_report") + "\n" + "\n".join(f"• {e}" for e in effects))
        warning_layout.addWidget(self.side_effects)
        side.addWidget(warning)
        side.addStretch(1)
        columns.addLayout(side, 2)
        layout.addLayout(columns)

        self.status = AccountStatusBox(session, f"report_{account.id}")
        self.status.set_account(account.id)
        layout.addWidget(self.status)


class ReportPage(Page):
    step_id = "report"
    title_key = "gui.step.report"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.cards: dict[str, AccountReportCard] = {}
        self._shown_accounts: object = None  # what the cards were built from: rebuilt only when it changes
        self._shown_helplines: object = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)
        self.lead = wrapping_label("lead")
        layout.addWidget(self.lead)
        self.accounts_box = QVBoxLayout()
        self.accounts_box.setSpacing(style.SPACE * 2)
        layout.addLayout(self.accounts_box)
        self.empty = wrapping_label("muted")
        self.empty.setObjectName("report_no_accounts")
        self.go_accounts = button("report_go_accounts")
        self.go_accounts.clicked.connect(lambda: self.request_step.emit("accounts"))
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty, 1)
        empty_row.addWidget(self.go_accounts)
        layout.addLayout(empty_row)

        next_frame, next_layout = card()
        next_frame.setObjectName("where_next")
        header = QHBoxLayout()
        self.next_title = wrapping_label("subtitle")
        self.country = QComboBox()
        self.country.setObjectName("report_country")
        header.addWidget(self.next_title, 1)
        header.addWidget(self.country)
        next_layout.addLayout(header)
        self.next_hint = wrapping_label("muted")
        next_layout.addWidget(self.next_hint)
        self.helplines_box = QVBoxLayout()
        self.helplines_box.setSpacing(style.SPACE * 2)
        next_layout.addLayout(self.helplines_box)
        layout.addWidget(next_frame)
        layout.addStretch(1)
        self.country.currentIndexChanged.connect(self._fill_helplines)
        self.session.case_opened.connect(self._case_opened)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("pages.report.lead"))
        self.empty.setText(t("pages.report.no_accounts"))
        self.go_accounts.setText(t("pages.report.go_accounts"))
        name(self.go_accounts, t("pages.report.go_accounts"))
        self.next_title.setText(t("pages.report.next_title"))
        self.next_hint.setText(t("pages.report.next_hint"))
        name(self.country, t("pages.report.country"))
        current = self.country.currentData() or self._default_country()
        fill_combo(self.country, [(c, self._country_name(c)) for c in guide.countries()], keep=current)
        self.refresh()

    def _country_name(self, code: str) -> str:
        key = f"pages.country.{_COUNTRY_NAMES.get(code, code.lower())}"
        return self.t(key) if self.session.translator.has(key) else code

    def _default_country(self) -> str:
        case = self.session.case
        country = (case.profile.country if case is not None else "") or self.session.country or "FR"
        country = country.upper()
        return "CA-QC" if country.startswith("CA") else country

    def _case_opened(self) -> None:
        if self.isVisible():  # a hidden page reloads when it is shown
            self.refresh()

    def refresh(self) -> None:
        self._fill_accounts()
        if self.session.case is not None and self.country.currentData() is None:
            select_data(self.country, self._default_country())
        self._fill_helplines()

    def _clear(self, layout: QVBoxLayout) -> None:
        while layout.count():
            child = layout.takeAt(0)
            widget = child.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _fill_accounts(self) -> None:
        case = self.session.case
        accounts = [] if case is None else [a for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        counts = evidence_counts(case) if case is not None else Counter()
        translator = self.session.translator
        shown = (translator.lang, translator.register, [(a, counts[a.id]) for a in accounts])
        if shown == self._shown_accounts:
            for report_card in self.cards.values():
                report_card.status.reload()
            return
        self._shown_accounts = shown
        self._clear(self.accounts_box)
        self.cards = {}
        for account in accounts:
            report_card = AccountReportCard(self.session, account, counts[account.id])
            report_card.go_accounts.clicked.connect(lambda: self.request_step.emit("accounts"))
            report_card.status.changed.connect(lambda _id: self.session.notify("account"))
            self.cards[account.id] = report_card
            self.accounts_box.addWidget(report_card)
        self.empty.setVisible(not accounts)
        self.go_accounts.setVisible(not accounts)

    def _fill_helplines(self) -> None:
        case = self.session.case
        t = self.session.translator
        minor = case.profile.victim_is_minor if case is not None else None
        paid = case is not None and any(p.paid and p.method in _HARD_TO_RECOVER for p in case.payments.values())
        country = str(self.country.currentData() or self._default_country())
        shown = (t.lang, t.register, country, minor, paid)
        if shown == self._shown_helplines:
            return
        self._shown_helplines = shown
        self._clear(self.helplines_box)
        for entry in guide.helplines(country, t, victim_is_minor=minor, paid=paid):
            box = QVBoxLayout()
            box.setSpacing(2)
            title = wrapping_label()
            title.setText(f"<b>{_escape(entry.name)}</b>")
            box.addWidget(title)
            if entry.reason:
                reason = wrapping_label()
                reason.setText(entry.reason)
                box.addWidget(reason)
            description = wrapping_label("muted")
            description.setText(entry.description + (f" {entry.hours}" if entry.hours else ""))
            box.addWidget(description)
            if entry.contacts:
                contacts = QHBoxLayout()
                contacts.setSpacing(style.SPACE * 2)
                for label, url in entry.contacts:
                    link = link_label(label, url)
                    link.setWordWrap(False)  # short contacts side by side, never broken mid-word
                    contacts.addWidget(link)
                contacts.addStretch(1)
                box.addLayout(contacts)
            holder = QWidget()
            holder.setObjectName(f"helpline_{entry.id}")
            holder.setLayout(box)
            box.setContentsMargins(0, 0, 0, 0)
            self.helplines_box.addWidget(holder)

    def is_done(self) -> bool:
        case = self.session.case
        if case is None:
            return False
        scammers = [a for a in case.accounts.values() if a.owner == AccountOwner.SCAMMER]
        return bool(scammers) and all(a.reported_at for a in scammers)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
