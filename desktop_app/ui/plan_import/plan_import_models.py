"""What the window "Nhập từ văn bản" shows of a document it read: a tree, and the doubts.

The tree has a branch per part of the plan (Thông tin chung, Căn cứ, Nội dung, Nhiệm vụ, Sự
kiện, Phân công xóm, Nơi nhận, Chữ ký, Phụ lục) and a row per thing understood, each knowing
the lines of the document it came from. A task's row carries a tick: unticked, the task is
left out when the plan is saved. The values of the header rows and the tasks' texts follow
what the clerk corrects in the window.
"""

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.checks import PLACE_LABELS, SEVERITY_LABELS, Finding, Severity
from desktop_app.domain.plans import (
    RECIPIENT_ROLE_LABELS,
    SYSTEM_LABELS,
    AppendixKind,
    Plan,
    Section,
    Task,
)
from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.imports.task_confidence import TaskConfidence
from desktop_app.ui.common.table_model import (
    ROW_ROLE,
    Column,
    HeaderedTreeModel,
    Index,
    RowsTableModel,
)
from desktop_app.ui.plans.plan_dialogs import SEVERITY_COLOURS
from desktop_app.workspace.import_review import confidence_label

DROPPED_COLOUR = "#8a8a8a"
DOUBTFUL_COLOUR = "#b35900"  # the "Thấp" of a doubtful task
CONFIDENCE_TIP = (
    "Độ tin cậy của chương trình khi đọc nhiệm vụ này: Thấp, Vừa hoặc Cao. Nhiệm vụ tin cậy "
    "thấp được xếp lên đầu (bỏ chọn \u201cNhiệm vụ đáng ngờ lên trước\u201d để xem theo thứ "
    "tự trong văn bản)."
)
NONE_TEXT = "(không có)"
# The names of the header rows, which the window's fields edit.
HEADER_FIELDS = ("system", "issuer", "reference", "place", "date", "title")
# The branches, in the order of the tree; their node names.
BRANCHES = (
    ("header", "Thông tin chung"),
    ("bases", "Căn cứ"),
    ("sections", "Nội dung"),
    ("tasks", "Nhiệm vụ"),
    ("events", "Sự kiện"),
    ("assignments", "Phân công xóm"),
    ("recipients", "Nơi nhận"),
    ("signature", "Chữ ký"),
    ("appendices", "Phụ lục"),
)
_ROOT = -1  # the parent id of a branch row


@dataclass(eq=False)
class ImportNode:
    """One row of the tree.

    Attributes:
        name: unique in the tree: a branch ("tasks"), a header field ("header.title"), or the
            id of the section, task, event... it shows (a task's detail rows add ".lead"...).
        label, value: the two columns.
        keys: the keys of ``PlanImport.spans`` that locate it in the document, the first
            that the document has wins; none: the row has no place of its own.
        task_id: set on a task's own row, which has the tick.
        detail: a longer text for the panel under the tree ("" = the value).
    """

    name: str
    label: str
    value: str = ""
    keys: tuple[str, ...] = ()
    task_id: str = ""
    detail: str = ""
    findings: list[Finding] = field(default_factory=list)
    children: list["ImportNode"] = field(default_factory=list)
    parent: "ImportNode | None" = None
    number: int = 0  # place in the model's flat list (the index's internal id)
    row: int = 0
    confidence: TaskConfidence | None = None  # a task's row: how sure the reader is

    def add(self, child: "ImportNode") -> "ImportNode":
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> Iterator["ImportNode"]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """The detail, else the value; a branch's is its rows, one a line."""
        if self.detail:
            return self.detail
        if self.children and self.parent is not None and self.parent.parent is None:
            return "\n".join(f"{c.label}: {c.value}" for c in self.children)
        return self.value


def unit_names(refs: Sequence[Any]) -> str:
    return ", ".join(r.name for r in refs)


def event_text(day: dt.date, time: str | None, place: str) -> str:
    """An event's day as the tree shows it: "Thứ Bảy, 06/12/2025, 07:30, tại Xóm 1"."""
    parts = [f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"]
    if time:
        parts.append(time)
    if place:
        parts.append(f"tại {place}")
    return ", ".join(parts)


def _section_node(section: Section) -> ImportNode:
    node = ImportNode(
        section.id,
        section.label,
        section.title or NONE_TEXT,
        keys=(section.id,),
        detail="\n".join((f"{section.label} {section.title}".strip(), *section.paragraphs)),
    )
    for child in section.children:
        node.add(_section_node(child))
    return node


def _task_node(
    number: int, task: Task, paths: Mapping[str, str], confidence: TaskConfidence
) -> ImportNode:
    node = ImportNode(task.id, f"{number}", task.text, keys=(task.id,), task_id=task.id)
    node.confidence = confidence
    where = paths.get(task.section_id or "", "")
    lead = unit_names(task.lead)
    support = unit_names(task.support)
    deadline = task.deadline.summary()
    node.detail = (
        (f"Thuộc mục {where}. " if where else "")
        + f"Chủ trì: {lead or '(chưa rõ)'}. Phối hợp: {support or '(không có)'}. "
        f"Thời hạn: {deadline or '(không ghi)'}."
    )
    for suffix, label, value in (
        ("lead", "Chủ trì", lead or "(chưa rõ)"),
        ("support", "Phối hợp", support or NONE_TEXT),
        ("deadline", "Thời hạn", deadline or "(không ghi)"),
    ):
        keys = (f"{task.id}.{suffix}", task.id)  # a role named elsewhere has its own lines
        node.add(ImportNode(f"{task.id}.{suffix}", label, value, keys=keys))
    return node


def _fill_header(header: ImportNode, plan: Plan) -> None:
    header.keys = ("header", "title")
    rows: list[tuple[str, str, str, tuple[str, ...]]] = [
        ("system", "Hệ thống", SYSTEM_LABELS[plan.system], ()),
        ("issuer", "Cơ quan ban hành", plan.issuer.name, ("header",)),
    ]
    if plan.issuer.parent:
        rows.append(("parent", "Cơ quan cấp trên", plan.issuer.parent, ("header",)))
    rows += [
        ("reference", "Số, ký hiệu", plan.reference, ("number", "header")),
        ("place", "Địa danh", plan.place, ("header",)),
        ("date", "Ngày", f"{plan.date:%d/%m/%Y}" if plan.date else "", ("header",)),
    ]
    if plan.type_line:
        rows.append(("type_line", "Dòng dưới \u201cKẾ HOẠCH\u201d", plan.type_line, ("title",)))
    rows.append(("title", "Trích yếu", plan.title, ("title",)))
    for name, label, value, keys in rows:
        header.add(ImportNode(f"header.{name}", label, value, keys=keys))


def _fill_tasks(
    branch: ImportNode, plan: Plan, sure: Mapping[str, TaskConfidence], doubtful_first: bool
) -> None:
    paths = {str(k): v for k, v in plan.section_paths().items()}
    numbered = list(enumerate(plan.tasks, 1))
    if doubtful_first:
        numbered.sort(key=lambda pair: sure.get(pair[1].id, TaskConfidence()).score)
    for number, task in numbered:
        branch.add(_task_node(number, task, paths, sure.get(task.id, TaskConfidence())))


def build_tree(
    plan: Plan,
    findings: Sequence[Finding] = (),
    confidence: Mapping[str, TaskConfidence] | None = None,
    doubtful_first: bool = False,
) -> ImportNode:
    """The tree of what was understood of ``plan``; the root is not shown.

    The tasks keep their number in the document; with ``doubtful_first`` the least sure
    (by ``confidence``) come first, ties in the document's order.
    """
    sure = confidence or {}
    root = ImportNode("", "")
    branches = {name: root.add(ImportNode(name, label)) for name, label in BRANCHES}

    _fill_header(branches["header"], plan)

    bases = branches["bases"]
    bases.keys = ("bases",)
    for number, basis in enumerate(plan.bases, 1):
        bases.add(ImportNode(f"bases.{number}", f"{number}", basis, keys=("bases",)))

    for section in plan.sections:
        branches["sections"].add(_section_node(section))

    _fill_tasks(branches["tasks"], plan, sure, doubtful_first)

    for event in plan.events:
        text = event_text(event.date, event.time, event.place)
        branches["events"].add(ImportNode(event.id, event.label, text, keys=(event.id,)))

    tables = tuple(a.id for a in plan.appendices if a.kind is AppendixKind.ASSIGNMENT)
    assignments = branches["assignments"]
    assignments.keys = tables
    for number, assignment in enumerate(plan.assignments, 1):
        unit = f"{assignment.prefix} {assignment.unit.name}".strip()
        hamlets = ", ".join(h.name for h in assignment.hamlets) or "(chưa có xóm)"
        assignments.add(
            ImportNode(
                assignment.id, f"{number}", f"{unit}: {hamlets}", keys=(assignment.id, *tables)
            )
        )

    recipients = branches["recipients"]
    recipients.keys = ("recipients",)
    for recipient in plan.recipients:
        text = f"{recipient.text} {recipient.note}".strip()
        recipients.add(
            ImportNode(
                recipient.id,
                RECIPIENT_ROLE_LABELS[recipient.role],
                text,
                keys=(recipient.id, "recipients"),
            )
        )

    signature = branches["signature"]
    signature.keys = ("signature",)
    for name, label, value in (
        ("authority", "Thẩm quyền", plan.signature.authority),
        ("position", "Chức vụ", plan.signature.position),
        ("signer", "Người ký", plan.signature.signer),
    ):
        signature.add(ImportNode(f"signature.{name}", label, value, keys=("signature",)))

    for number, appendix in enumerate(plan.appendices, 1):
        branches["appendices"].add(
            ImportNode(
                appendix.id,
                f"Phụ lục {number}",
                appendix.title,
                keys=(appendix.id,),
                detail="\n".join((appendix.title, appendix.attached_line, *appendix.paragraphs)),
            )
        )

    by_item: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.item_id:
            by_item.setdefault(finding.item_id, []).append(finding)
    for node in root.walk():
        node.findings = by_item.get(node.name, [])
    return root


def _count_text(name: str, count: int, dropped: int = 0) -> str:
    if not count:
        return NONE_TEXT
    units = {
        "bases": "căn cứ",
        "sections": "mục lớn",
        "tasks": "nhiệm vụ",
        "events": "sự kiện",
        "assignments": "dòng",
        "recipients": "nơi nhận",
        "appendices": "phụ lục",
    }
    text = f"{count} {units[name]}"
    if dropped:
        text += f" (bỏ {dropped}, còn {count - dropped})"
    return text


class ImportTreeModel(HeaderedTreeModel):
    """The parts of the plan as understood; tasks can be unticked, values follow the edits."""

    COL_LABEL, COL_VALUE, COL_CONFIDENCE = range(3)
    HEADERS = ("Mục", "Nội dung đã hiểu", "Tin cậy")

    # A task was ticked (True) or unticked (False): its id and the new state.
    kept_changed = Signal(str, bool)

    def __init__(
        self,
        plan: Plan,
        spans: Mapping[str, SourceSpan],
        findings: Sequence[Finding] = (),
        parent: QObject | None = None,
        *,
        confidence: Mapping[str, TaskConfidence] | None = None,
        doubtful_first: bool = False,
    ) -> None:
        super().__init__(parent)
        self._spans = spans
        self.dropped: set[str] = set()
        self._fill(plan, findings, confidence, doubtful_first)
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._update_counts()

    def _fill(
        self,
        plan: Plan,
        findings: Sequence[Finding],
        confidence: Mapping[str, TaskConfidence] | None,
        doubtful_first: bool,
    ) -> None:
        self._root = build_tree(plan, findings, confidence, doubtful_first)
        self._nodes = list(self._root.walk())
        for number, node in enumerate(self._nodes):
            node.number = number
        self._by_name = {node.name: node for node in self._nodes if node.name}

    def rebuild(
        self,
        plan: Plan,
        *,
        spans: Mapping[str, SourceSpan],
        findings: Sequence[Finding],
        confidence: Mapping[str, TaskConfidence],
        doubtful_first: bool,
        dropped: set[str],
    ) -> None:
        """Show ``plan`` anew: after a split, a join or an undo, or in the other order."""
        self.beginResetModel()
        self._spans = spans
        self.dropped = set(dropped)
        self._fill(plan, findings, confidence, doubtful_first)
        self.endResetModel()
        self._update_counts()

    # ---- what the window asks ------------------------------------------------------------

    def node(self, index: Index) -> ImportNode | None:
        if not index.isValid() or not 0 <= index.internalId() < len(self._nodes):
            return None
        return self._nodes[index.internalId()]

    def node_named(self, name: str) -> ImportNode | None:
        return self._by_name.get(name)

    def index_of(self, name: str, column: int = 0) -> QModelIndex:
        """The row of the node ``name`` (a branch, "header.title", a task's id...)."""
        node = self._by_name.get(name)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node.number)

    def source_span(self, node: ImportNode) -> SourceSpan | None:
        """The lines the node came from; None when the document does not say."""
        for key in node.keys:
            found = self._spans.get(key)
            if found is not None:
                return found
        return None

    def set_value(self, name: str, value: str) -> None:
        """Show a corrected value (a header field, a task's text)."""
        node = self._by_name.get(name)
        if node is None or node.value == value:
            return
        node.value = value
        index = self.createIndex(node.row, self.COL_VALUE, node.number)
        self.dataChanged.emit(index, index)

    def is_kept(self, task_id: str) -> bool:
        return task_id not in self.dropped

    def set_kept(self, task_id: str, kept: bool) -> None:
        node = self._by_name.get(task_id)
        if node is None or not node.task_id or kept == self.is_kept(task_id):
            return
        if kept:
            self.dropped.discard(task_id)
        else:
            self.dropped.add(task_id)
        first = self.createIndex(node.row, self.COL_LABEL, node.number)
        last = self.createIndex(node.row, self.COL_CONFIDENCE, node.number)
        self.dataChanged.emit(first, last)
        self._update_counts()
        self.kept_changed.emit(task_id, kept)

    def _update_counts(self) -> None:
        for branch in self._root.children:
            if branch.name in ("header", "signature"):
                continue
            dropped = len(self.dropped) if branch.name == "tasks" else 0
            text = _count_text(branch.name, len(branch.children), dropped)
            if text != branch.value:
                branch.value = text
                index = self.createIndex(branch.row, self.COL_VALUE, branch.number)
                self.dataChanged.emit(index, index)

    # ---- the model -------------------------------------------------------------------------

    def _node_or_root(self, index: Index) -> ImportNode:
        node = self.node(index)
        return self._root if node is None else node

    @override
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        child = self._node_or_root(parent).children[row]
        return self.createIndex(row, column, child.number)

    @override
    def parent_index(self, child: Index) -> QModelIndex:
        node = self.node(child)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.number)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node_or_root(parent).children)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.task_id and index.column() == self.COL_LABEL:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        dropped = node.task_id in self.dropped
        if column == self.COL_CONFIDENCE:
            return self._confidence_data(node, role, dropped)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label if column == self.COL_LABEL else node.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, column, dropped)
        if role == ROW_ROLE:
            return node
        if role == Qt.ItemDataRole.CheckStateRole and node.task_id and column == self.COL_LABEL:
            return Qt.CheckState.Unchecked if dropped else Qt.CheckState.Checked
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole):
            return self._style(node, role, dropped, column)
        return None

    def _style(self, node: ImportNode, role: int, dropped: bool, column: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if node.parent is self._root:
                return self._bold
            return self._struck if dropped and column == self.COL_VALUE else None
        if dropped:
            return QBrush(QColor(DROPPED_COLOUR))
        if node.findings:
            worst = min(node.findings, key=lambda f: list(Severity).index(f.severity))
            return QBrush(QColor(SEVERITY_COLOURS[worst.severity]))
        return None

    def _confidence_data(self, node: ImportNode, role: int, dropped: bool) -> Any:
        sure = node.confidence
        if sure is None:
            return (
                CONFIDENCE_TIP
                if role == Qt.ItemDataRole.ToolTipRole and node.name == "tasks"
                else None
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return confidence_label(sure)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not sure.doubts:
                return "Chương trình không thấy gì đáng ngờ ở nhiệm vụ này."
            return "Cần xem lại: " + "; ".join(sure.reasons) + "."
        if role == Qt.ItemDataRole.ForegroundRole:
            if dropped:
                return QBrush(QColor(DROPPED_COLOUR))
            if sure.doubtful:
                return QBrush(QColor(DOUBTFUL_COLOUR))
        if role == Qt.ItemDataRole.FontRole and sure.doubtful and not dropped:
            return self._bold
        return None

    def _tooltip(self, node: ImportNode, column: int, dropped: bool) -> str:
        if dropped:
            return "Đã bỏ: nhiệm vụ này không được lưu. Đánh dấu lại để giữ."
        notes = "\n".join(f"{SEVERITY_LABELS[f.severity]}: {f.message}" for f in node.findings)
        text = node.label if column == self.COL_LABEL and not node.task_id else node.full_text
        return f"{text}\n\n{notes}" if notes else text

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if (
            node is None
            or not node.task_id
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() != self.COL_LABEL
        ):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self.set_kept(node.task_id, state == Qt.CheckState.Checked.value)
        return True


class FindingsTableModel(RowsTableModel[Finding]):
    """The reader's doubts and the checks' findings, most serious first as given."""

    COL_SEVERITY, COL_PLACE, COL_MESSAGE = range(3)
    COLUMNS = (
        Column[Finding](
            "Mức độ",
            lambda f: SEVERITY_LABELS[f.severity],
            foreground=lambda f: SEVERITY_COLOURS[f.severity],
            width=80,
        ),
        Column[Finding]("Phần", lambda f: PLACE_LABELS[f.place], width=110),
        Column[Finding]("Nội dung", lambda f: f.message),
    )
