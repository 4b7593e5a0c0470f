"""The look of the window in one place: colours, spacing, font sizes and the style sheet.

Font sizes are multiples of the system font size so text follows the person's
settings; pages never hard-code colours or sizes, they set an object name or a
``role`` property that this sheet styles.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QWidget


class Palette(NamedTuple):  # a named tuple: cheaper to define than a dataclass before the first paint
    window: str = "#f5f6f8"
    surface: str = "#ffffff"
    side: str = "#eaeef3"
    border: str = "#d5dbe3"
    text: str = "#1f2933"
    muted: str = "#52606d"
    accent: str = "#2a5f9e"  # calm blue: primary actions, current step
    accent_hover: str = "#224f85"
    accent_soft: str = "#dfe9f6"
    done: str = "#2f7d4f"
    warning_bg: str = "#fff6e0"
    warning_border: str = "#e0b24d"
    danger: str = "#b42b2b"  # quick exit only
    error: str = "#a13d3d"  # messages about something that went wrong: a muted red, readable, not alarming
    danger_hover: str = "#962020"
    help_bg: str = "#e6f0ea"
    help_border: str = "#9cc3aa"


PALETTE = Palette()

# Spacing in pixels: one small unit and its multiples keep every page aligned.
SPACE = 8
MARGIN = 3 * SPACE
SIDE_WIDTH = 240
THUMB_SIZE = 96


def base_point_size() -> float:
    """The system font size (points); every size here is a multiple of it."""
    app = QGuiApplication.instance()
    size = QGuiApplication.font().pointSizeF() if app is not None else 10.0
    return size if size > 0 else 10.0


def title_font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(base_point_size() * 1.6)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def monospace_font() -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(base_point_size())
    return font


def style_sheet(palette: Palette = PALETTE) -> str:
    p = palette
    base = base_point_size()
    return f"""
QMainWindow, QDialog {{ background: {p.window}; }}
QWidget {{ color: {p.text}; }}
QLabel[role="title"] {{ font-size: {base * 1.6:.1f}pt; font-weight: 600; }}
QLabel[role="subtitle"] {{ font-size: {base * 1.15:.1f}pt; font-weight: 600; }}
QLabel[role="lead"] {{ font-size: {base * 1.1:.1f}pt; color: {p.text}; }}
QLabel[role="muted"] {{ color: {p.muted}; }}
QLabel[role="error"] {{ color: {p.error}; }}
QLabel[role="code"] {{
    font-family: "DejaVu Sans Mono", monospace; font-size: {base * 1.5:.1f}pt;
    background: {p.surface}; border: 1px dashed {p.border}; border-radius: 6px; padding: 12px;
}}
QLabel[role="hash"] {{ font-family: "DejaVu Sans Mono", monospace; color: {p.muted}; }}
QFrame[role="card"] {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: 8px;
}}
QFrame[role="card"] QLabel {{ background: transparent; }}
QFrame[role="warning"] {{
    background: {p.warning_bg}; border: 1px solid {p.warning_border}; border-radius: 8px;
}}
QFrame[role="warning"] QLabel {{ background: transparent; }}
QFrame#help_strip {{
    background: {p.help_bg}; border-top: 1px solid {p.help_border};
}}
QFrame#help_strip QLabel {{ background: transparent; }}
QFrame#side_panel {{ background: {p.side}; border-right: 1px solid {p.border}; }}
QFrame#side_panel QLabel {{ background: transparent; }}
QListWidget#step_list {{
    background: transparent; border: none; outline: none;
    font-size: {base * 1.05:.1f}pt;
}}
QListWidget#step_list::item {{ padding: 8px 10px; border-radius: 6px; margin: 1px 0; }}
QListWidget#step_list::item:selected {{ background: {p.accent}; color: white; }}
QListWidget#step_list::item:hover:!selected {{ background: {p.accent_soft}; }}
QListWidget#step_list::item:disabled {{ color: #9aa5b1; }}
QPushButton {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: 6px;
    padding: 6px 14px; min-height: 1.6em;
}}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:focus {{ border: 2px solid {p.accent}; }}
QPushButton:disabled {{ color: #9aa5b1; background: #f0f2f5; }}
QPushButton[role="primary"] {{
    background: {p.accent}; color: white; border: 1px solid {p.accent}; font-weight: 600;
}}
QPushButton[role="primary"]:hover {{ background: {p.accent_hover}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid #0d2f57; }}
QPushButton[role="primary"]:disabled {{ background: #9db3cf; border-color: #9db3cf; }}
QPushButton#quick_exit {{
    background: {p.danger}; color: white; border: 1px solid {p.danger}; font-weight: 600;
    padding: 6px 16px;
}}
QPushButton#quick_exit:hover {{ background: {p.danger_hover}; }}
QPushButton#quick_exit:focus {{ border: 2px solid #4d0b0b; }}
QPushButton[role="link"] {{
    background: transparent; border: none; color: {p.accent}; text-decoration: underline; padding: 2px;
}}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: 5px; padding: 4px 6px;
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{
    border: 2px solid {p.accent};
}}
QRadioButton, QCheckBox {{ spacing: 8px; }}
QRadioButton:focus, QCheckBox:focus {{ color: {p.accent}; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QListView#thumbnails {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 6px; }}
QListView#thumbnails::item:selected {{ background: {p.accent_soft}; color: {p.text}; }}
QProgressBar {{ border: 1px solid {p.border}; border-radius: 5px; background: {p.surface}; text-align: center; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 4px; }}
QTabWidget::pane {{ border: 1px solid {p.border}; border-radius: 6px; background: {p.surface}; top: -1px; }}
QTabBar::tab {{ padding: 8px 16px; border: 1px solid {p.border}; border-bottom: none;
    border-top-left-radius: 6px; border-top-right-radius: 6px; background: {p.side}; margin-right: 2px; }}
QTabBar::tab:selected {{ background: {p.surface}; font-weight: 600; }}
"""


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's ``role`` (e.g. "muted" → "error") and restyle it at once."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
