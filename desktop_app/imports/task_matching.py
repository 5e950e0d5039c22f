"""Whether two duties of a plan are the same work, written twice.

A plan often lists its tasks in the body, then again under "Tổ chức thực hiện", where each
unit's paragraph repeats the duties it leads or supports ("1. Phòng Kinh tế: - Chủ trì tổ
chức tiêm phòng …"). The repetition names the unit; the work is the same. Two texts are the
same work when, their role words ("chủ trì", "phối hợp với …") and deadline tails aside,
nearly all the words of the shorter one appear in the longer one in the same order.
"""

import re
from difflib import SequenceMatcher

from desktop_app.domain.text import fold

# The shorter text must have this many words: "Tổng hợp, báo cáo" matches too much.
MIN_WORDS = 5
# The share of the shorter text's words found, in order, in the longer one.
MIN_SHARED = 0.85
# The shorter text must be at least this share of the longer one.
MIN_LENGTH_RATIO = 0.4

_ROLE = re.compile(
    r"^(?:(?:chu tri|phoi hop|tham gia|tham muu|truc tiep|huong dan|giup)"
    r"(?: voi [^,;]{1,80}?(?=,| de | trong | thuc hien | to chuc ))?[ ,]*(?:va |, )?)+"
)
_DEADLINE_TAIL = re.compile(
    r"[,;(]\s*(?:hoan thanh|thoi gian|thoi han|truoc|trong|cham nhat|xong)\b.*$"
)
_WORD = re.compile(r"[a-z0-9]+")


def work_words(text: str) -> list[str]:
    """The words that say what is to be done: folded, role words and deadline tail off."""
    folded = fold(re.sub(r"^[-+•*]\s*", "", text))
    folded = _DEADLINE_TAIL.sub("", folded)
    folded = _ROLE.sub("", folded).strip()
    return _WORD.findall(folded)


def same_work(first: str, second: str) -> bool:
    """``first`` and ``second`` describe the same piece of work."""
    a, b = work_words(first), work_words(second)
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < MIN_WORDS or len(shorter) < MIN_LENGTH_RATIO * len(longer):
        return False
    matcher = SequenceMatcher(None, shorter, longer, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= MIN_SHARED * len(shorter)


def supports_only(text: str) -> bool:
    """The duty gives its unit a supporting role ("Phối hợp …", "Tham gia …")."""
    return bool(re.match(r"^(?:phoi hop|tham gia|cung)\b", fold(re.sub(r"^[-+•*]\s*", "", text))))
