"""Step 1: choose the language and who is using the program, and read the three things to do right now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style
from evidence_kit.gui.pages.base import Page, card, wrapping_label
from evidence_kit.gui.session import Session
from evidence_kit.i18n import Register

ADVICE = ("dont_pay", "dont_block", "not_alone")


class WelcomePage(Page):
    step_id = "welcome"
    title_key = "gui.step.welcome"
    needs_case = False

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._who_chosen = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE * 2)

        self.lead = wrapping_label("lead", defer=True)
        layout.addWidget(self.lead)

        choices = QHBoxLayout()
        choices.setSpacing(style.SPACE * 2)
        lang_card, lang_layout = card()
        self.language_label = wrapping_label("subtitle", defer=True)
        self.french = QRadioButton("Français")
        self.english = QRadioButton("English")
        self.language_group = QButtonGroup(self)
        self.language_group.addButton(self.french)
        self.language_group.addButton(self.english)
        lang_layout.addWidget(self.language_label)
        lang_layout.addWidget(self.french)
        lang_layout.addWidget(self.english)
        lang_layout.addStretch(1)
        choices.addWidget(lang_card, 1)

        who_card, who_layout = card()
        self.who_label = wrapping_label("subtitle", defer=True)
        self.victim = QRadioButton()
        self.helper = QRadioButton()
        self.who_group = QButtonGroup(self)
        self.who_group.addButton(self.victim)
        self.who_group.addButton(self.helper)
        self.who_hint = wrapping_label("muted", defer=True)
        who_layout.addWidget(self.who_label)
        who_layout.addWidget(self.victim)
        who_layout.addWidget(self.helper)
        who_layout.addWidget(self.who_hint)
        who_layout.addStretch(1)
        choices.addWidget(who_card, 2)
        layout.addLayout(choices)

        self.now_label = wrapping_label("subtitle", defer=True)
        layout.addWidget(self.now_label)
        grid = QGridLayout()
        grid.setSpacing(style.SPACE * 2)
        self.advice_titles: dict[str, QLabel] = {}
        self.advice_texts: dict[str, QLabel] = {}
        for column, advice in enumerate(ADVICE):
            frame, inner = card()
            title = wrapping_label("subtitle", defer=True)
            text = wrapping_label(defer=True)
            inner.addWidget(title)
            inner.addWidget(text)
            inner.addStretch(1)
            self.advice_titles[advice] = title
            self.advice_texts[advice] = text
            grid.addWidget(frame, 0, column)
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)

        start_row = QHBoxLayout()
        self.start_button = QPushButton()
        self.start_button.setObjectName("start_button")
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(lambda: self.request_step.emit("case"))
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)
        layout.addLayout(start_row)
        layout.addStretch(1)

        self._restore_voice()
        self._sync_choices()
        self.french.toggled.connect(lambda on: on and self._choose_language("fr"))
        self.english.toggled.connect(lambda on: on and self._choose_language("en"))
        self.victim.toggled.connect(lambda on: on and self._choose(Register.VICTIM, remember=True))
        self.helper.toggled.connect(lambda on: on and self._choose(Register.HELPER, remember=True))
        self.retranslate()

    def _restore_voice(self) -> None:
        """The voice chosen before a restart (the language is restored when the window is built)."""
        saved = self.session.settings.register
        if saved in (Register.VICTIM.value, Register.HELPER.value):
            self._choose(Register(saved))

    def set_voice(self, register: Register, remember: bool = False) -> None:
        """Speak in ``register`` and show it as chosen (the tour pictures each voice without saving it)."""
        self._choose(register, remember=remember)
        self._sync_choices()

    def _choose_language(self, lang: str) -> None:
        self.session.set_language(lang)
        self._remember(language=lang)

    def _choose(self, register: Register, remember: bool = False) -> None:
        self._who_chosen = True
        self.session.set_register(register)
        if remember:
            self._remember(register=register.value)

    def _remember(self, **choices: str) -> None:
        settings = self.session.settings
        if all(getattr(settings, name) == value for name, value in choices.items()):
            return
        for name, value in choices.items():
            setattr(settings, name, value)
        settings.save()

    def _sync_choices(self) -> None:
        translator = self.session.translator
        checked = [self.french if translator.lang == "fr" else self.english]
        if self._who_chosen:
            checked.append(self.victim if translator.register == Register.VICTIM else self.helper)
        for button in checked:
            button.blockSignals(True)  # showing the state is not a new choice to save
            button.setChecked(True)
            button.blockSignals(False)

    def refresh(self) -> None:
        self._sync_choices()
        case = self.session.case
        if case is not None and not self._who_chosen:
            role = case.profile.user_role
            button = self.victim if role == "victim" else self.helper
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
            self._choose(Register.VICTIM if role == "victim" else Register.HELPER)

    def retranslate(self) -> None:
        t = self.t
        self.lead.setText(t("gui.welcome.lead"))
        self.language_label.setText(t("gui.welcome.language"))
        self.french.setAccessibleName("Français")
        self.english.setAccessibleName("English")
        self.who_label.setText(t("gui.welcome.who"))
        self.victim.setText(t("gui.welcome.who_victim"))
        self.victim.setAccessibleName(t("gui.welcome.who_victim"))
        self.helper.setText(t("gui.welcome.who_helper"))
        self.helper.setAccessibleName(t("gui.welcome.who_helper"))
        self.who_hint.setText(t("gui.welcome.who_hint"))
        self.now_label.setText(t("gui.welcome.now"))
        for number, advice in enumerate(ADVICE, start=1):
            self.advice_titles[advice].setText(f"{number}. {t(f'gui.welcome.{advice}.title')}")
            self.advice_texts[advice].setText(t(f"gui.welcome.{advice}.text"))
        self.start_button.setText(t("gui.welcome.start"))
        self.start_button.setAccessibleName(t("gui.welcome.start"))
        self._sync_choices()

    def is_done(self) -> bool:
        return self._who_chosen or self.session.case is not None
