"""A message that appears in a dialog grows the dialog: the message is whole and the form is not squashed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QSpinBox, QVBoxLayout

from app.ui.widgets import MessageLabel


def test_a_long_message_grows_the_dialog_instead_of_squashing_it(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    fields = [QLineEdit(dialog), QSpinBox(dialog), QLineEdit(dialog)]
    for field in fields:
        layout.addWidget(field)
    message = MessageLabel(dialog)
    layout.addWidget(message)
    dialog.resize(360, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()

    message.show_message(
        "批号 DEMO-C2409 已隔离（temperature excursion in transit: awaiting the sponsor's assessment）：不得发放。"
        * 2
    )
    qtbot.waitUntil(lambda: message.isVisible())
    layout.activate()

    assert dialog.width() == 360 and dialog.height() > before
    assert message.height() >= message.heightForWidth(message.width())
    assert all(field.height() >= field.minimumSizeHint().height() for field in fields)
    message.clear_message()
    assert dialog.width() == 360
