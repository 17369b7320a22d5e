"""The export dialog: format, columns, grouping, order, citation template with a live preview, target file.

It exports one :class:`~app.export.scope.ExportScope` (the whole library, a search's results,
a selection, a document, a tag) through :func:`app.export.export_annotations`, on a thread
of its own, with progress and Cancel. The user's choices are remembered for next time.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.export import (
    FORMATS,
    LABELS,
    SUFFIXES,
    USES_FIELDS,
    USES_GROUPING,
    USES_TEMPLATE,
    ExportOutcome,
    scope_problem,
)
from app.export.fields import DEFAULT_FIELDS, FIELDS
from app.export.options import ExportOptions
from app.export.scope import SORTS, ExportScope, ScopeCount, citation_samples, count
from app.export.writing import ExportError
from app.library import Library
from app.text.citations import DEFAULT_TEMPLATE, CitationParts, check_template, preview
from ui.operations import Operations, Task
from ui.theme import error_ink

GROUPINGS = {"": "No grouping", "document": "By document", "treaty": "By treaty", "event": "By event"}
PREVIEWS = 5
_KEY = "export/"


class ExportDialog(QDialog):
    exported = Signal(object)  # the ExportOutcome of a finished export

    def __init__(self, library: Library, scope: ExportScope, operations: Operations, settings: QSettings | None = None,
                 parent: QWidget | None = None, *, file_stem: str = "annotations") -> None:
        """``file_stem``: the name the file is offered under, before the format's suffix (the
        document's reference or title when one document is exported)."""
        super().__init__(parent)
        self.library, self.scope, self.operations = library, scope, operations
        self.file_stem = file_name_stem(file_stem)
        self.settings = settings if settings is not None else QSettings()
        self.counted: ScopeCount | None = None
        self.samples: list[CitationParts] = []
        self.job: Task | None = None
        self.outcome: ExportOutcome | None = None
        self.setWindowTitle("Export annotations")
        self.setMinimumWidth(620)

        self.what = QLabel(f"Exporting {scope.description}.")
        self.what.setWordWrap(True)
        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem(f"{LABELS[key]} ({SUFFIXES[key]})", key)
        self.fields = QListWidget()
        self.fields.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # the columns' order
        self.fields.setMaximumHeight(150)
        self.fields.setToolTip("Tick the columns to export; drag them into the order you want.")
        self.grouping = QComboBox()
        for key, text in GROUPINGS.items():
            self.grouping.addItem(text, key or None)
        self.sort = QComboBox()
        for key, text in SORTS.items():
            if key != "relevance" or scope.text.strip():  # best match needs words to rank by
                self.sort.addItem(text, key)
        self.title = QLineEdit(placeholderText="Annotations")
        self.template = QLineEdit()
        self.template.setToolTip("Fields in braces: {reference|title} takes the first with a value; a part in "
                                 "[square brackets] is left out when a field in it is empty.")
        self.default_template = QPushButton("Default")
        self.template_message = QLabel()
        self.template_message.setStyleSheet(f"color: {error_ink()}")
        self.template_message.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setWordWrap(True)
        # On the ground of a text field, set apart from the form: the palette's, so it follows the theme.
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.preview.setForegroundRole(QPalette.ColorRole.Text)
        self.preview.setMargin(4)
        self.count_label = QLabel("Counting\u2026")
        self.count_label.setWordWrap(True)
        self.target = QLineEdit(placeholderText="Choose where to save the file\u2026")
        self.browse = QPushButton("Choose\u2026")
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.default_template)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Columns:", self.fields)
        form.addRow("Grouping:", self.grouping)
        form.addRow("Order:", self.sort)
        form.addRow("Title:", self.title)
        form.addRow("Citation:", template_row)
        form.addRow("", self.template_message)
        form.addRow("Preview:", self.preview)
        form.addRow("Save as:", target_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._restore()
        self.format.currentIndexChanged.connect(lambda _index: self._format_changed())
        self.template.textChanged.connect(lambda _text: self._show_preview())
        self.default_template.clicked.connect(lambda: self.template.setText(DEFAULT_TEMPLATE))
        self.sort.currentIndexChanged.connect(lambda _index: self._count())
        self.fields.itemChanged.connect(lambda _item: self._update_export_button())
        self.browse.clicked.connect(self.choose_target)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.reject)
        self._format_changed()
        self._count()
        application = QCoreApplication.instance()
        if application is not None:  # quitting stops a running export (its file is not left half-written)
            application.aboutToQuit.connect(self._stop)

    # --- choices ---------------------------------------------------------------------

    def _restore(self) -> None:
        value = self.settings.value
        self.format.setCurrentIndex(max(0, self.format.findData(value(_KEY + "format", "csv"))))
        chosen = _strings(value(_KEY + "fields", list(DEFAULT_FIELDS)))
        chosen = [name for name in chosen if name in FIELDS] or list(DEFAULT_FIELDS)
        for name in chosen + [name for name in FIELDS if name not in chosen]:
            item = QListWidgetItem(FIELDS[name][0])
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.fields.addItem(item)
        self.grouping.setCurrentIndex(max(0, self.grouping.findData(value(_KEY + "group_by", None) or None)))
        # A search's own order stands; elsewhere the order chosen last time.
        sort = self.scope.sort if self.scope.text.strip() else value(_KEY + "sort", self.scope.sort)
        self.sort.setCurrentIndex(max(0, self.sort.findData(sort)))
        self.title.setText(str(value(_KEY + "title", "") or ""))
        self.template.setText(str(value(_KEY + "template", DEFAULT_TEMPLATE) or DEFAULT_TEMPLATE))
        self.template.setCursorPosition(0)  # read from its start: a long template showed only its end

    def _remember(self) -> None:
        put = self.settings.setValue
        put(_KEY + "format", self.chosen_format())
        put(_KEY + "fields", list(self.chosen_fields()))
        put(_KEY + "group_by", self.grouping.currentData() or "")
        put(_KEY + "sort", self.sort.currentData())
        put(_KEY + "title", self.title.text())
        put(_KEY + "template", self.template.text())
        if self.target.text().strip():
            put(_KEY + "folder", str(Path(self.target.text()).expanduser().parent))

    def chosen_format(self) -> str:
        return self.format.currentData()

    def chosen_fields(self) -> tuple[str, ...]:
        items = (self.fields.item(row) for row in range(self.fields.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked)

    def options(self) -> ExportOptions:
        return ExportOptions(fields=self.chosen_fields() or DEFAULT_FIELDS, group_by=self.grouping.currentData(),
                             template=self.template.text(), title=self.title.text().strip() or "Annotations")

    def chosen_scope(self) -> ExportScope:
        return dataclasses.replace(self.scope, sort=self.sort.currentData())

    def _format_changed(self) -> None:
        format = self.chosen_format()
        self.fields.setEnabled(format in USES_FIELDS)
        self.grouping.setEnabled(format in USES_GROUPING)
        self.title.setEnabled(format in USES_GROUPING)
        for widget in (self.template, self.default_template):
            widget.setEnabled(format in USES_TEMPLATE)
        name = self.target.text().strip()
        if name:  # the file name follows the format: "brief.csv" becomes "brief.docx"
            self.target.setText(str(Path(name).with_suffix(SUFFIXES[format])))
        self._show_count()

    # --- what will be exported -----------------------------------------------------------

    def _count(self) -> None:
        """Count the passages and read the first few for the preview, off the UI thread."""
        library, scope = self.library, self.chosen_scope()
        self.count_label.setText("Counting\u2026")
        self._counting = scope

        def work() -> tuple[ScopeCount, list[CitationParts]]:
            return count(library, scope), citation_samples(library, scope, PREVIEWS)

        self.operations.run(lambda _task: work(), done=lambda result: self._counted(scope, result),
                            failed=lambda message: self._counted(scope, message))

    def _counted(self, scope: ExportScope, result: tuple[ScopeCount, list[CitationParts]] | str) -> None:
        if not shiboken6.isValid(self) or scope != self._counting:
            return  # closed, or a newer count is on its way
        if isinstance(result, str):
            self.count_label.setText(result)
            return
        self.counted, self.samples = result
        self._show_count()
        self._show_preview()

    def _show_count(self) -> None:
        if self.counted is None:
            return
        problem = scope_problem(self.chosen_format(), self.counted)
        if problem:
            self.count_label.setText(problem)
        else:
            n, documents = self.counted.annotations, self.counted.documents
            self.count_label.setText(f"{n:,} annotation{'s' if n != 1 else ''} from {documents:,} "
                                     f"document{'s' if documents != 1 else ''} will be exported.")
        self._update_export_button()

    def _show_preview(self) -> None:
        citations, error = preview(self.samples, self.template.text())
        self.template_message.setText(error)
        self.template_message.setVisible(bool(error))
        if error:
            self.preview.setText("")
        elif citations:
            self.preview.setText("\n".join(citations))
        else:
            self.preview.setText("(no passage to cite)" if self.counted is not None else "\u2026")
        self._update_export_button()

    def _update_export_button(self) -> None:
        ready = (self.counted is not None and not scope_problem(self.chosen_format(), self.counted)
                 and not self.template_message.text() and (self.chosen_format() not in USES_FIELDS or bool(self.chosen_fields())))
        self.export_button.setEnabled(ready and self.job is None)

    # --- the file ---------------------------------------------------------------------

    def choose_target(self) -> None:
        format = self.chosen_format()
        folder = str(self.settings.value(_KEY + "folder", "") or str(Path.home()))
        suggested = self.target.text().strip() or str(Path(folder) / f"{self.file_stem}{SUFFIXES[format]}")
        # The dialog's own question about replacing is left out: start_export asks, whichever way the name came.
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export to", suggested, f"{LABELS[format]} (*{SUFFIXES[format]});;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if Path(path).suffix.lower() not in set(SUFFIXES.values()):  # "brief" or "A-HRC-24.13": the format's
                path += SUFFIXES[format]
            self.target.setText(path)

    def confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(self, "Export", f"{path.name} already exists in {path.parent}.\nReplace it?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- exporting ----------------------------------------------------------------------

    def start_export(self) -> Task | None:
        try:
            check_template(self.template.text())
        except ValueError as error:
            self._fail(str(error))
            return None
        if not self.target.text().strip():
            self.choose_target()
            if not self.target.text().strip():
                return None
        target = Path(self.target.text().strip()).expanduser()
        if not target.suffix:
            target = target.with_suffix(SUFFIXES[self.chosen_format()])
            self.target.setText(str(target))
        force = False
        if target.exists() and not target.is_dir():
            if not self.confirm_replace(target):
                self.message.setText("Nothing was written; choose another file name.")
                return None
            force = True
        self._remember()
        library, format, scope, options = self.library, self.chosen_format(), self.chosen_scope(), self.options()
        self.job = self.operations.run(lambda task: export_job(task, library, target, format, scope, options, force),
                                       done=self._finished, failed=self._failed)
        self.job.progressed.connect(self._progressed)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.setText("Exporting\u2026")
        self.export_button.setEnabled(False)
        return self.job

    def _progressed(self, done: int, total: int, _what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self.job = None
        self.progress.hide()
        self._update_export_button()
        self._fail(message)

    def _finished(self, outcome: ExportOutcome) -> None:
        self.job = None
        self.progress.hide()
        self._update_export_button()
        if outcome.cancelled:
            self.message.setText("Export cancelled; nothing was written.")
            return
        self.outcome = outcome
        self.exported.emit(outcome)
        self.accept()

    def _fail(self, message: str) -> None:
        self.message.setText(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "Export", message, parent=self)
        box.open()  # not exec(): the export's dialog stays usable
        self.error_box = box

    def reject(self) -> None:
        """Cancel stops a running export (leaving no file) before it closes the dialog."""
        if self.job is not None:
            self.job.cancel()
            self.message.setText("Cancelling\u2026")
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        self._stop()
        super().closeEvent(event)

    def _stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait()


def summary(outcome: ExportOutcome) -> str:
    """One line for the status bar."""
    if outcome.format in ("csl-json", "bibtex"):
        n, what = outcome.documents, "document"
    else:
        n, what = outcome.annotations, "annotation"
    return f"{n:,} {what}{'s' if n != 1 else ''} exported to {outcome.path}"


_UNSAFE = re.compile(r'[:*?"<>|\x00-\x1f]+')


def file_name_stem(text: str) -> str:
    """``text`` as the start of a file name on any system: "A/HRC/24/13" gives "A-HRC-24-13"."""
    stem = " ".join(_UNSAFE.sub(" ", re.sub(r"[\\/]+", "-", text)).split()).strip(" .-")[:80].rstrip(" .-")
    return stem or "annotations"


def _strings(value: object) -> list[str]:
    """A list of names from QSettings, which gives a lone value as a string and none as None."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[union-attr]


def export_job(task: Task, library: Library, target: Path, format: str, scope: ExportScope, options: ExportOptions,
               force: bool) -> ExportOutcome:
    """One export run (off the UI thread): the file is written whole or not at all."""
    from app.export import export_annotations

    try:
        return export_annotations(library, target, format, text=scope.text, filters=scope.filters, sort=scope.sort,
                                  uuids=scope.uuids, options=options, force=force, progress=task.report,
                                  cancelled=lambda: task.cancelled)
    except OSError as error:  # anything the writing met that the export did not put in words
        raise ExportError(f"Cannot write {target}: {error.strerror or error}. Nothing was written.") from error
