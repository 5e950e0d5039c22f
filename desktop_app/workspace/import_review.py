"""The clerk's review of an imported plan's tasks, before anything is saved.

The reader may cut one duty in two (a line that wraps taken for a new item) or take two duties
for one (a sentence that assigns two things). The review window lets the clerk split a task
at a point of its text, or at a line of its source, and join a task with the one next to it
in the document; each change can be undone, and nothing reaches the store before the plan is
saved. The tasks stay in the document's order, which is the order the plan is saved in; the
window may show the doubtful ones first (:meth:`ImportReview.ordered`).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from desktop_app.domain.deadlines import DeadlineKind
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import TaskId, new_id
from desktop_app.domain.plans import Task
from desktop_app.domain.text import clean, fold
from desktop_app.imports.document_reader import SourceDocument
from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.imports.task_confidence import TaskConfidence, assess_task
from desktop_app.workspace.plan_import import PlanImport

# So many characters of a line (or of a text's start) say where it is in the other.
_PROBE = 24
_LIST_MARK = re.compile(r"^\s*[-+•*–]\s*")


class ReviewError(UserError):
    """A split or join that cannot be done; the message tells the clerk why."""


@dataclass(frozen=True)
class ReviewState:
    """The tasks as the clerk has them now, in the document's order."""

    tasks: tuple[Task, ...]
    spans: Mapping[str, SourceSpan]
    confidence: Mapping[str, TaskConfidence]
    texts: Mapping[str, str] = field(default_factory=dict)  # the texts the clerk typed
    dropped: frozenset[str] = frozenset()


def _fold_in_place(text: str) -> str:
    """``text`` folded character by character: positions in it are positions in ``text``."""
    return "".join((fold(c) or " ")[:1] for c in text)


def _line_text(document: SourceDocument, number: int) -> str:
    return _LIST_MARK.sub("", clean(document.lines[number].text.replace("\t", " ")))


def _first_capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class ImportReview:
    """The tasks of one imported plan, with split, join and undo."""

    def __init__(self, imported: PlanImport) -> None:
        self._source = imported.source
        tasks = imported.plan.tasks
        self.state = ReviewState(
            tasks=tasks,
            spans={k: v for k, v in imported.spans.items()},
            confidence={t.id: imported.confidence.get(t.id, TaskConfidence()) for t in tasks},
        )
        self._undo: list[ReviewState] = []

    # ---- what the window shows ---------------------------------------------------------

    @property
    def tasks(self) -> tuple[Task, ...]:
        return self.state.tasks

    def task(self, task_id: str) -> Task:
        found = next((t for t in self.state.tasks if t.id == task_id), None)
        if found is None:
            raise ReviewError("Nhiệm vụ này không còn trong danh sách.")
        return found

    def text(self, task_id: str) -> str:
        """The task's text as the clerk sees it (typed over, or as read)."""
        return self.state.texts.get(task_id, self.task(task_id).text)

    def confidence(self, task_id: str) -> TaskConfidence:
        return self.state.confidence.get(task_id, TaskConfidence())

    def number(self, task_id: str) -> int:
        """The task's place in the document, from 1."""
        return next(k for k, t in enumerate(self.state.tasks, 1) if t.id == task_id)

    def is_kept(self, task_id: str) -> bool:
        return task_id not in self.state.dropped

    def ordered(self, doubtful_first: bool) -> list[Task]:
        """The tasks to show: least sure first (ties in the document's order), or as written."""
        tasks = list(self.state.tasks)
        if doubtful_first:
            tasks.sort(key=lambda t: self.confidence(t.id).score)  # stable: ties keep order
        return tasks

    def neighbour(self, task_id: str, step: int) -> Task | None:
        """The task ``step`` places after (or before, when negative) in the document."""
        index = self.number(task_id) - 1 + step
        return self.state.tasks[index] if 0 <= index < len(self.state.tasks) else None

    # ---- what the clerk changes --------------------------------------------------------

    def set_text(self, task_id: str, text: str) -> None:
        """Typing in a task's text: kept, but no step of undo (the text box has its own)."""
        self.state = replace(self.state, texts={**self.state.texts, task_id: text})

    def set_kept(self, task_id: str, kept: bool) -> None:
        dropped = set(self.state.dropped)
        if kept:
            dropped.discard(task_id)
        else:
            dropped.add(task_id)
        self.state = replace(self.state, dropped=frozenset(dropped))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        """Take back the last split or join; False when there is none."""
        if not self._undo:
            return False
        self.state = self._undo.pop()
        return True

    def split(self, task_id: str, at: int) -> tuple[TaskId, TaskId]:
        """Split a task's text at character ``at``: the part before stays, the rest is new.

        Both parts keep the units, the deadline and the section; the source lines are shared
        out where the second part's first words are found in them.

        Raises:
            ReviewError: ``at`` leaves one part without words.
        """
        task = self.task(task_id)
        text = self.text(task_id)
        before = text[:at].strip().rstrip(",;").strip()
        after = _LIST_MARK.sub("", text[at:]).lstrip(" ,;.").strip()
        if not before or not after or not any(c.isalnum() for c in before + after):
            raise ReviewError(
                "Không tách được: hãy đặt con trỏ vào giữa nội dung nhiệm vụ, tại chỗ bắt đầu "
                "việc thứ hai (hai phần đều phải có chữ)."
            )
        second = replace(task, id=TaskId(new_id()), text=_first_capital(after))
        first = replace(task, text=before)
        spans = dict(self.state.spans)
        span = spans.get(task_id)
        if span is not None:
            cut = self._line_of(after, span)
            if cut is not None:
                line, at_start = cut
                spans[task_id] = SourceSpan(span.first, line - 1 if at_start else line)
                spans[second.id] = SourceSpan(line, span.last)
            else:
                spans[second.id] = span
        texts = {k: v for k, v in self.state.texts.items() if k != task_id}
        index = self.number(task_id) - 1
        tasks = (*self.state.tasks[:index], first, second, *self.state.tasks[index + 1 :])
        self._change(tasks, spans, texts, self.state.dropped, (first, second), task_id)
        return first.id, second.id

    def split_at_line(self, task_id: str, line: int) -> tuple[TaskId, TaskId]:
        """Split a task where source line ``line`` (0-based) begins in its text.

        Raises:
            ReviewError: the line is not one of the task's, is its first, or its words are
                not found in the task's text.
        """
        span = self.state.spans.get(task_id)
        if span is None or not span.first < line <= span.last:
            raise ReviewError(
                "Không tách được tại dòng này: hãy chọn một dòng trong phần tô vàng của văn bản "
                "gốc, sau dòng đầu của nhiệm vụ."
            )
        probe = fold(_line_text(self._source, line))[:_PROBE].strip()
        at = _fold_in_place(self.text(task_id)).find(probe) if probe else -1
        if at <= 0:
            raise ReviewError(
                "Không tìm thấy chữ của dòng này trong nội dung nhiệm vụ (có thể nội dung đã "
                "được sửa). Hãy đặt con trỏ vào ô Nội dung nhiệm vụ và tách tại đó."
            )
        return self.split(task_id, at)

    def join(self, first_id: str, second_id: str) -> TaskId:
        """Join a task with the one right after it in the document into one task.

        The text runs on (a "; " between two sentences), the units of both are kept, the first
        deadline wins, and the source lines cover both.

        Raises:
            ReviewError: the two tasks are not next to each other.
        """
        first, second = self.task(first_id), self.task(second_id)
        if self.number(second_id) != self.number(first_id) + 1:
            raise ReviewError("Chỉ gộp được hai nhiệm vụ liền nhau trong văn bản.")
        head, tail = self.text(first_id).rstrip(), self.text(second_id).strip()
        runs_on = tail[:1].islower() or head.endswith((".", ";", ":", ","))
        joined_text = f"{head} {tail}" if runs_on else f"{head}; {tail}"
        lead = tuple(dict.fromkeys(first.lead + second.lead))
        support = tuple(r for r in dict.fromkeys(first.support + second.support) if r not in lead)
        deadline = first.deadline
        if deadline.kind is DeadlineKind.NONE and not deadline.text:
            deadline = second.deadline
        joined = replace(
            first,
            text=joined_text,
            lead=lead,
            support=support,
            deadline=deadline,
            output="; ".join(o for o in (first.output, second.output) if o),
            note="; ".join(n for n in (first.note, second.note) if n),
        )
        spans = dict(self.state.spans)
        found = [s for s in (spans.get(first_id), spans.pop(second_id, None)) if s is not None]
        if found:
            spans[first_id] = SourceSpan(min(s.first for s in found), max(s.last for s in found))
        texts = {k: v for k, v in self.state.texts.items() if k not in (first_id, second_id)}
        dropped = self.state.dropped - {first_id, second_id}
        index = self.number(first_id) - 1
        tasks = (*self.state.tasks[:index], joined, *self.state.tasks[index + 2 :])
        self._change(tasks, spans, texts, dropped, (joined,), first_id, second_id)
        return joined.id

    # ---- inside ------------------------------------------------------------------------

    def _change(
        self,
        tasks: Sequence[Task],
        spans: dict[str, SourceSpan],
        texts: dict[str, str],
        dropped: frozenset[str],
        changed: Sequence[Task],
        *gone: str,
    ) -> None:
        """Take a new state, the old one kept for undo; the changed tasks are assessed again."""
        confidence = {k: v for k, v in self.state.confidence.items() if k not in gone}
        origin = self.confidence(gone[0]).origin
        for task in changed:
            confidence[task.id] = assess_task(task, origin)
        self._undo.append(self.state)
        self.state = ReviewState(tuple(tasks), spans, confidence, texts, dropped)

    def _line_of(self, words: str, span: SourceSpan) -> tuple[int, bool] | None:
        """The source line of ``span`` where ``words`` begin, and whether they open it."""
        probe = fold(words)[:_PROBE].strip()
        if not probe:
            return None
        for number in range(span.first, span.last + 1):
            line = fold(_line_text(self._source, number))
            where = line.find(probe)
            if where < 0 and line and probe.startswith(line[:_PROBE]):
                where = 0
            if where == 0 and number > span.first:
                return number, True
            if where >= 0:
                return (number, False) if where > 0 else None
        return None


def confidence_label(confidence: TaskConfidence) -> str:
    """How sure the reader is, in a word the clerk reads in the list."""
    if confidence.doubtful:
        return "Thấp"
    return "Vừa" if confidence.doubts else "Cao"
