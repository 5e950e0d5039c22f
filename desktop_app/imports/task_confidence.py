"""How sure the reader is that a task it found is a task, read right: the review's order.

The review window puts the doubtful tasks first, so the clerk's few minutes go where the
reader may be wrong. The signs are general ones of how plans are written, never of one
document: a duty names who leads it and, often, when; it is an item of a list, a table row
or a structured block rather than a sentence picked out of prose; and it asks for work, where
a heading names a topic and a background sentence tells what happened or why.
"""

import re
from dataclasses import dataclass
from enum import Enum

from desktop_app.domain.deadlines import DeadlineKind
from desktop_app.domain.plans import Task
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import fold


class TaskOrigin(Enum):
    """The shape of the document a task was read from."""

    TABLE = "table"  # a row of a task table
    BLOCK = "block"  # a structured block ("Nội dung: … / Cơ quan chủ trì: …")
    ITEM = "item"  # a numbered, lettered or dashed item
    PROSE = "prose"  # a sentence of a paragraph


class TaskDoubt(Enum):
    NO_LEAD = "no_lead"
    DEADLINE_NOT_UNDERSTOOD = "deadline_not_understood"
    LOOKS_LIKE_HEADING = "looks_like_heading"
    BACKGROUND = "background"
    FROM_PROSE = "from_prose"


DOUBT_LABELS = Registry(
    TaskDoubt,
    {
        TaskDoubt.NO_LEAD: "không thấy đơn vị chủ trì",
        TaskDoubt.DEADLINE_NOT_UNDERSTOOD: "không hiểu thời hạn (giữ nguyên chữ trong văn bản)",
        TaskDoubt.LOOKS_LIKE_HEADING: "giống một tiêu đề hơn là một việc cần làm",
        TaskDoubt.BACKGROUND: "giống câu nêu tình hình hay mục đích hơn là một việc cần làm",
        TaskDoubt.FROM_PROSE: "lấy từ một câu trong đoạn văn, không phải một mục được đánh số",
    },
    "task doubt labels",
)

# How much each sign lowers the confidence (a factor; the signs multiply). A heading or a
# background sentence is likely no task at all; a missing lead or an unread deadline is a
# task read incompletely; prose is only a weaker shape.
_FACTORS = Registry(
    TaskDoubt,
    {
        TaskDoubt.NO_LEAD: 0.6,
        TaskDoubt.DEADLINE_NOT_UNDERSTOOD: 0.75,
        TaskDoubt.LOOKS_LIKE_HEADING: 0.4,
        TaskDoubt.BACKGROUND: 0.45,
        TaskDoubt.FROM_PROSE: 0.8,
    },
    "task doubt factors",
)
# Below this a task is "doubtful": the review marks it and puts it first.
DOUBTFUL_BELOW = 0.7

# So few words, unended, name a topic rather than ask for work.
_HEADING_WORDS = 4
# An unended line this short that opens with a topic's word is a heading ("Công tác …").
_TOPIC_WORDS = 10
_TOPIC = re.compile(
    r"^(?:cong tac|ve|nhiem vu|noi dung|giai phap|linh vuc|doi voi|phan|nhom|chuong trinh)\b"
)
# A sentence telling what was done, how things stand or why opens so (folded text); words
# like "góp phần" or "đã được" further on belong to a duty's own clauses.
_BACKGROUND = re.compile(
    r"^(?:nham|muc dich|muc tieu|yeu cau|tinh hinh|thuc trang|ket qua|nam qua"
    r"|trong (?:thoi gian|nhung nam|nam) qua|thoi gian qua|theo bao cao|hien nay)\b"
)
# A main clause in the past: "đã" within the sentence's first words ("Phong trào đã đạt …").
_PAST_WITHIN = 5
_PAST = re.compile(r"\bda\b")


@dataclass(frozen=True)
class TaskConfidence:
    """The reader's confidence in one task (0 to 1) and the signs that lowered it."""

    score: float = 1.0
    doubts: tuple[TaskDoubt, ...] = ()
    origin: TaskOrigin = TaskOrigin.ITEM

    @property
    def doubtful(self) -> bool:
        return self.score < DOUBTFUL_BELOW

    @property
    def reasons(self) -> tuple[str, ...]:
        """The signs, as the clerk reads them."""
        return tuple(DOUBT_LABELS[d] for d in self.doubts)


def looks_like_heading(text: str) -> bool:
    """A topic's name: a few words, or capitals, or a line ending in a colon."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    if text.rstrip().endswith(":"):
        return True
    if letters and all(c.isupper() for c in letters) and len(words) > 1:
        return True
    if text.rstrip().endswith((".", ";")):
        return False
    return len(words) <= _HEADING_WORDS or (
        len(words) <= _TOPIC_WORDS and bool(_TOPIC.match(fold(text)))
    )


def looks_like_background(text: str) -> bool:
    """A sentence of situation, result or aim rather than of work to do."""
    folded = fold(text)
    opening = " ".join(folded.split()[:_PAST_WITHIN])
    # "Để …" (so that) folds to the "đề" of "Đề nghị", "Đề xuất": told apart before folding.
    purpose = text.lstrip(" -+•").lower().startswith("để ")
    return bool(purpose or _BACKGROUND.match(folded) or _PAST.search(opening))


def assess_task(task: Task, origin: TaskOrigin) -> TaskConfidence:
    """The confidence in ``task``, read from a place of shape ``origin``."""
    doubts: list[TaskDoubt] = []
    if not task.lead:
        doubts.append(TaskDoubt.NO_LEAD)
    if task.deadline.kind is DeadlineKind.NONE and task.deadline.text.strip():
        doubts.append(TaskDoubt.DEADLINE_NOT_UNDERSTOOD)
    if looks_like_heading(task.text):
        doubts.append(TaskDoubt.LOOKS_LIKE_HEADING)
    elif looks_like_background(task.text):
        doubts.append(TaskDoubt.BACKGROUND)
    if origin is TaskOrigin.PROSE:
        doubts.append(TaskDoubt.FROM_PROSE)
    score = 1.0
    for doubt in doubts:
        score *= _FACTORS[doubt]
    return TaskConfidence(round(score, 3), tuple(doubts), origin)
