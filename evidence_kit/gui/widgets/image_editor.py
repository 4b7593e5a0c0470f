"""Drawing a crop or redaction areas over a picture, with the mouse or the keyboard.

The editor only chooses rectangles, in the picture's own pixels; the core makes
the derived item (the original never changes).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evidence_kit.gui import style

Box = tuple[int, int, int, int]  # left, top, right, bottom in the picture's pixels
KEY_STEP = 10  # pixels of the picture per arrow press (50 with Ctrl)


class EditMode(StrEnum):
    CROP = "crop"
    REDACT = "redact"


def rect_between(a: QPoint, b: QPoint) -> QRect:
    """The rectangle spanned by two corners, exclusive of the far edge (QRect(a, b) would add a pixel)."""
    left, right = sorted((a.x(), b.x()))
    top, bottom = sorted((a.y(), b.y()))
    return QRect(left, top, right - left, bottom - top)


class ImageCanvas(QWidget):
    """Shows the picture scaled to fit and the rectangles drawn over it."""

    boxes_changed = Signal()

    def __init__(self, image: QImage, mode: EditMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.mode = mode
        self.blur = False
        self.boxes: list[QRect] = []
        self.current = -1
        self._drag_start: QPointF | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(900, 600)

    # --- geometry -------------------------------------------------------------------

    def _scale(self) -> float:
        if self.image.isNull():
            return 1.0
        return min(self.width() / self.image.width(), self.height() / self.image.height())

    def _origin(self) -> QPointF:
        scale = self._scale()
        return QPointF(
            (self.width() - self.image.width() * scale) / 2, (self.height() - self.image.height() * scale) / 2
        )

    def to_image(self, point: QPointF) -> QPoint:
        scale, origin = self._scale(), self._origin()
        x = (point.x() - origin.x()) / scale
        y = (point.y() - origin.y()) / scale
        return QPoint(int(max(0, min(self.image.width(), x))), int(max(0, min(self.image.height(), y))))

    def to_widget(self, rect: QRect) -> QRectF:
        scale, origin = self._scale(), self._origin()
        return QRectF(
            origin.x() + rect.x() * scale, origin.y() + rect.y() * scale, rect.width() * scale, rect.height() * scale
        )

    # --- editing --------------------------------------------------------------------

    def set_box(self, index: int, rect: QRect) -> None:
        bounded = rect.normalized().intersected(self.image.rect())
        self.boxes[index] = bounded
        self.update()
        self.boxes_changed.emit()

    def add_box(self, rect: QRect | None = None) -> int:
        if rect is None:
            w, h = self.image.width(), self.image.height()
            rect = QRect(w // 4, h // 4, max(1, w // 2), max(1, h // 2))
        if self.mode == EditMode.CROP:
            self.boxes.clear()
        self.boxes.append(rect.normalized().intersected(self.image.rect()))
        self.current = len(self.boxes) - 1
        self.update()
        self.boxes_changed.emit()
        return self.current

    def remove_current(self) -> None:
        if 0 <= self.current < len(self.boxes):
            del self.boxes[self.current]
            self.current = len(self.boxes) - 1
            self.update()
            self.boxes_changed.emit()

    def result(self) -> list[Box]:
        return [
            (r.left(), r.top(), r.left() + r.width(), r.top() + r.height())
            for r in self.boxes
            if r.width() >= 1 and r.height() >= 1
        ]

    # --- mouse ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = event.position()
            start = self.to_image(event.position())
            self.add_box(QRect(start, QSize(0, 0)))
            self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_start is not None and self.current >= 0:
            self.set_box(self.current, rect_between(self.to_image(self._drag_start), self.to_image(event.position())))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_start is not None and self.current >= 0:
            self.set_box(self.current, rect_between(self.to_image(self._drag_start), self.to_image(event.position())))
            box = self.boxes[self.current]
            if box.width() < 3 or box.height() < 3:  # a click, not a drag
                self.remove_current()
        self._drag_start = None

    # --- keyboard ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in (Qt.Key.Key_Insert, Qt.Key.Key_Plus):
            self.add_box()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_current()
        elif key == Qt.Key.Key_Tab and self.boxes and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.current = (self.current + 1) % len(self.boxes)
            self.update()
        elif key in moves and 0 <= self.current < len(self.boxes):
            dx, dy = moves[key]
            step = KEY_STEP * (5 if event.modifiers() & Qt.KeyboardModifier.ControlModifier else 1)
            rect = QRect(self.boxes[self.current])
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                rect.setWidth(max(1, rect.width() + dx * step))
                rect.setHeight(max(1, rect.height() + dy * step))
            else:
                rect.translate(dx * step, dy * step)
            self.set_box(self.current, rect)
        else:
            super().keyPressEvent(event)

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor(style.PALETTE.side))
        if self.image.isNull():
            return
        target = self.to_widget(self.image.rect())
        painter.drawImage(target, self.image)
        if self.mode == EditMode.CROP and self.boxes:
            # Darken what the crop leaves out.
            shade = QColor(0, 0, 0, 140)
            keep = self.to_widget(self.boxes[0])
            painter.save()
            painter.setClipRect(target)
            for part in (
                QRectF(target.left(), target.top(), target.width(), keep.top() - target.top()),
                QRectF(target.left(), keep.bottom(), target.width(), target.bottom() - keep.bottom()),
                QRectF(target.left(), keep.top(), keep.left() - target.left(), keep.height()),
                QRectF(keep.right(), keep.top(), target.right() - keep.right(), keep.height()),
            ):
                painter.fillRect(part, shade)
            painter.restore()
        for index, rect in enumerate(self.boxes):
            area = self.to_widget(rect)
            if self.mode == EditMode.REDACT:
                painter.fillRect(area, QColor(90, 90, 90, 200) if self.blur else QColor(0, 0, 0))
                if self.blur:
                    painter.fillRect(area, QColor(255, 255, 255, 40))
            pen = QPen(QColor(style.PALETTE.accent if index == self.current else "#ffffff"))
            pen.setWidth(3 if index == self.current else 1)
            pen.setStyle(Qt.PenStyle.DashLine if index == self.current else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawRect(area)
        if self.hasFocus():
            focus = QPen(QColor(style.PALETTE.accent))
            focus.setWidth(2)
            painter.setPen(focus)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))


class ImageEditorDialog(QDialog):
    """Crop or redact: the person draws, then confirms; the result is a list of boxes and a style."""

    def __init__(self, image: QImage, mode: EditMode, translate, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName(f"image_editor_{mode.value}")
        t = translate
        self.mode = mode
        self.setWindowTitle(t(f"gui.editor.{mode.value}_title"))
        layout = QVBoxLayout(self)
        self.help = QLabel(t(f"gui.editor.{mode.value}_help"))
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.canvas = ImageCanvas(image, mode)
        self.canvas.setAccessibleName(t(f"gui.editor.{mode.value}_canvas"))
        self.canvas.setAccessibleDescription(t("gui.editor.keys"))
        layout.addWidget(self.canvas, 1)
        self.keys = QLabel(t("gui.editor.keys"))
        self.keys.setWordWrap(True)
        self.keys.setProperty("role", "muted")
        layout.addWidget(self.keys)
        row = QHBoxLayout()
        self.add_button = QPushButton(t("gui.editor.add_area"))
        self.add_button.setAccessibleName(t("gui.editor.add_area"))
        self.add_button.clicked.connect(lambda: (self.canvas.add_box(), self.canvas.setFocus()))
        self.remove_button = QPushButton(t("gui.editor.remove_area"))
        self.remove_button.setAccessibleName(t("gui.editor.remove_area"))
        self.remove_button.clicked.connect(self.canvas.remove_current)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.black = QRadioButton(t("gui.editor.style_black"))
        self.black.setAccessibleName(t("gui.editor.style_black"))
        self.blur = QRadioButton(t("gui.editor.style_blur"))
        self.blur.setAccessibleName(t("gui.editor.style_blur"))
        self.black.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.black)
        group.addButton(self.blur)
        self.blur.toggled.connect(self._style_changed)
        if mode == EditMode.REDACT:
            row.addSpacing(style.SPACE * 2)
            row.addWidget(self.black)
            row.addWidget(self.blur)
        else:
            self.black.hide()
            self.blur.hide()
        row.addStretch(1)
        layout.addLayout(row)
        self.note = QLabel(t("gui.editor.original_kept"))
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(t(f"gui.editor.{mode.value}_ok"))
        ok.setObjectName("editor_ok")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.canvas.boxes_changed.connect(self._update_ok)
        self._update_ok()
        self.resize(1000, 720)
        self.canvas.setFocus()

    def _style_changed(self, blur: bool) -> None:
        self.canvas.blur = blur
        self.canvas.update()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.canvas.result()))
        self.remove_button.setEnabled(bool(self.canvas.boxes))

    def boxes(self) -> list[Box]:
        return self.canvas.result()

    def redaction_style(self) -> str:
        return "blur" if self.blur.isChecked() else "black"
