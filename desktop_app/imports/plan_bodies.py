"""Finding the bodies a duty names: who leads it and who supports it.

Plans name them in a few fixed ways: the subject of the sentence ("Ủy ban nhân dân xã chủ
trì, phối hợp với ..."), a heading of section "TỔ CHỨC THỰC HIỆN" ("2. Ban Xây dựng Đảng"),
a line of its own ("* Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với ..."), "giao X chủ trì",
"X chỉ đạo A, B ...", and "(qua X tổng hợp)". These functions read those shapes; they never
invent a name that is not in the text.
"""

import re

from desktop_app.domain.text import fold
from desktop_app.domain.units import UnitKind

# Words that end the name of a body: what it is asked to do.
_DUTY_VERBS = (
    "chủ trì",
    "phối hợp",
    "chịu trách nhiệm",
    "có trách nhiệm",
    "căn cứ",
    "tăng cường",
    "tập trung",
    "đẩy mạnh",
    "chỉ đạo",
    "xây dựng",
    "thực hiện",
    "theo dõi",
    "tổ chức",
    "trực tiếp",
    "lãnh đạo",
    "tham mưu",
    "hướng dẫn",
    "triển khai",
    "rà soát",
    "kiểm tra",
    "nghiên cứu",
    "phát huy",
    "tiếp tục",
    "chủ động",
    "khẩn trương",
    "quán triệt",
    "thảo luận",
    "báo cáo",
    "cập nhật",
    "thống nhất",
    "tuyên truyền",
    "lấy ý kiến",
    "giải quyết",
    "là chủ thể",
    "lập",
    "vận động",
    "tuần tra",
    "tham gia",
    "hỗ trợ",
    "bố trí",
    "đôn đốc",
    "giám sát",
    "tập huấn",
    "xử lý",
    "cung cấp",
    "thu gom",
    "tích cực",
    "nghiêm túc",
    "bảo đảm",
    "đảm bảo",
    "trong",
    "để",
    "theo",
    "về",
    "tại",
)
# Lower case only: in a name the same words are capitalized ("Ban Tổ chức Tỉnh ủy").
_VERB_AT = re.compile(
    r"(?<!cơ quan)(?<!các)(?<![Bb]an)[\s,]+(?:"
    + "|".join(re.escape(v) for v in _DUTY_VERBS)
    + r"|giúp(?! việc))(?=[\s,.;:]|$)(?! chính trị| đảng| cơ sở)"
)
# How the name of a body begins (also written without accents, as some copies are).
_BODY_WORDS = (
    "các ",
    "ban ",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "hđnd",
    "phòng ",
    "trung tâm",
    "văn phòng",
    "công an",
    "mặt trận",
    "mttq",
    "hội ",
    "đoàn ",
    "đảng ủy",
    "đảng uỷ",
    "đảng đoàn",
    "đảng bộ",
    "chi bộ",
    "trường ",
    "trạm ",
    "người đứng đầu",
    "đồng chí",
    "chủ tịch",
    "phó chủ tịch",
    "bí thư",
    "thường trực",
    "nhân dân",
    "trưởng ",
    "cấp ủy",
    "cấp uỷ",
    "huyện ủy",
    "huyện uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "bộ chỉ huy",
    "ban chỉ huy",
    "quân sự",
    "tòa án",
    "viện kiểm sát",
    "kho bạc",
    "chi cục",
    "chi nhánh",
    "bưu điện",
    "hợp tác xã",
    "doanh nghiệp",
    "ngân hàng",
    "tổ công tác",
    "thủ trưởng",
    "sở ",
    "bộ ",
    "cục ",
    "tổng cục",
    "viện ",
    "liên minh",
    "liên đoàn",
    "hiệp hội",
    "thanh tra",
    "bảo hiểm xã hội",
    "đài ",
    "báo ",
    "cơ quan",
    "tỉnh đoàn",
    "huyện đoàn",
    "thành đoàn",
)
_BODY_START = re.compile("^(?:" + "|".join(re.escape(w) for w in _BODY_WORDS) + ")", re.I)
_FOLDED_STARTS = tuple(fold(w) + (" " if w.endswith(" ") else "") for w in _BODY_WORDS)


def _body_start(text: str) -> bool:
    if _BODY_START.match(text):
        return True
    # A copy typed without accents ("Cong an xa ...") is matched without them; a word with
    # accents is not ("Bảo vệ" is no "Báo", "Số" no "Sở").
    head = text[:30]
    return fold(head) == head.lower().replace("đ", "d") and fold(text).startswith(_FOLDED_STARTS)


_ASKING = re.compile(r"^(?:giao cho|giao|yêu cầu|đề nghị|mời|phân công)\s+", re.IGNORECASE)
# "UBND xã đề nghị Thường trực Đảng ủy chỉ đạo ...": the asking body is not the lead.
_ASKED_BY = re.compile(r"^[^,.;:]{2,40}?\s(?:đề nghị|yêu cầu|giao)\s+", re.IGNORECASE)
_LEADING_CLAUSE = re.compile(r"^(?:sau|trên cơ sở|căn cứ|trong)\s[^,]{3,80},\s*", re.IGNORECASE)
_SPLIT = re.compile(
    r",\s+(?=(?:các|Các)\s|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])"
    r"|\s+và\s+(?=các\s(?!tổ chức chính trị|đoàn thể))"
)
_SUPPORT = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.IGNORECASE)
_DIRECTS = re.compile(r"^chỉ đạo\s+", re.IGNORECASE)
_VIA = re.compile(r"\(\s*qua\s+(?P<body>[^()]+?)(?:\s+(?:tổng hợp|trước|để|theo)\b[^()]*)?\)")
_LEAD_LINE = re.compile(r"^\*\s+")


def capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


def _trim(name: str) -> str:
    name = re.sub(r"[()]", "", name)
    name = re.sub(r"\s+", " ", name).strip(" ,.;:-")
    return name


def is_body(name: str) -> bool:
    return _body_start(name.strip()) and 1 < len(name.split()) <= 25


def is_specific(name: str) -> bool:
    """The name points at one body: a proper name is capitalized inside it."""
    return any(c.isupper() for c in name[1:])


def is_generic(name: str) -> bool:
    """No one in particular ("các cơ quan, đơn vị liên quan"): never a supporting unit."""
    folded = fold(name)
    return folded.endswith("lien quan") or (
        folded.startswith("cac ") and not any(c.isupper() for c in name[1:])
    )


def split_bodies(text: str) -> list[str]:
    """A list of bodies: "Ban cán sự đảng ..., Đảng đoàn ..., các huyện ủy, thành ủy".

    A comma splits only where a new body's name begins ("Ủy viên Ban Thường vụ, Ủy viên Ban
    Chấp hành" stays one).
    """
    names: list[str] = []
    for part in _SPLIT.split(text):
        name = _trim(part)
        if not name:
            continue
        if names and not is_body(name):
            names[-1] = f"{names[-1]}, {name}"
        else:
            names.append(name)
    return [capitalized(n) for n in names]


def _until_verb(text: str) -> tuple[str, str]:
    """The words before the first duty verb, and the rest from that verb."""
    m = _VERB_AT.search(text)
    if m is None:
        return text, ""
    return text[: m.start()], text[m.start() :].lstrip(" ,")


def subject(text: str) -> tuple[list[str], str]:
    """The bodies a sentence starts with, and the rest of the sentence.

    "Đề nghị Ủy ban Mặt trận tổ quốc xã tăng cường ..." gives ["Ủy ban Mặt trận tổ quốc
    xã"]; a sentence that starts with its verb ("Chủ trì, phối hợp ...") gives none.
    """
    s = re.sub(r"^[-+•*]\s*", "", text.strip())
    s = _LEADING_CLAUSE.sub("", s)
    s = _ASKING.sub("", s)
    asked = _ASKED_BY.match(s)
    if asked and _body_start(s[asked.end() :]):
        s = s[asked.end() :]
    if not _body_start(s):
        return [], text
    head, rest = _until_verb(s)
    if not rest or len(head) > 200:
        return [], text
    names = split_bodies(head)
    if not names or not all(is_body(n) or n[0].isupper() for n in names):
        return [], text
    return names, rest


def supports(text: str) -> list[str]:
    """The bodies a duty names as supporting: "phối hợp với X", "chỉ đạo A, B", "(qua X)"."""
    found: list[str] = []
    for m in _SUPPORT.finditer(text):
        head, _ = _until_verb(text[m.end() :])
        head = re.split(r"[;:]", head)[0]
        found += [n for n in split_bodies(head) if not is_generic(n)]
    for m in _VIA.finditer(text):
        body = _trim(m["body"])
        if is_body(body) and not is_generic(body):
            found.append(capitalized(body))
    return list(dict.fromkeys(found))


def directed(rest: str) -> list[str]:
    """The bodies directed ("chỉ đạo Phòng A, Trung tâm B xây dựng ..."), as support."""
    m = _DIRECTS.match(rest)
    if m is None:
        return []
    head, tail = _until_verb(rest[m.end() :])
    if not tail:
        return []
    names = split_bodies(head)
    return names if names and all(n[0].isupper() and is_body(n) for n in names) else []


def heading_body(title: str) -> str:
    """The body a heading of "TỔ CHỨC THỰC HIỆN" names ("Giao Ban ... tỉnh:"), or ""."""
    name = _ASKING.sub("", title.strip()).strip()
    name = re.sub(r"^(?:các ông,?\s*bà|ông,?\s*bà)\s+", "", name, flags=re.IGNORECASE)
    name = _trim(name)
    if not name or len(name) > 150 or not is_body(name):
        return ""
    return capitalized(name)


def is_lead_line(text: str) -> bool:
    return bool(_LEAD_LINE.match(text))


_KINDS: tuple[tuple[str, UnitKind], ...] = (
    (
        r"^(?:truong\s|cac ong.*truong|truong cac)\s*(?:xom|thon|to dan pho|cac)",
        UnitKind.HAMLET_HEAD,
    ),
    (r"\b(?:cong an|quan su|chqs|bo chi huy|ban chi huy)\b", UnitKind.ARMED),
    (r"\b(?:truong (?:mam non|tieu hoc|thcs|thpt|trung hoc)|mam non|tieu hoc)\b", UnitKind.SCHOOL),
    (r"\b(?:tram y te|y te|benh vien)\b", UnitKind.HEALTH),
    (r"\b(?:doanh nghiep|hop tac xa|cong ty|htx)\b", UnitKind.BUSINESS),
    (
        r"\b(?:mat tran|mttq|doan thanh nien|hoi (?:phu nu|nong dan|cuu chien binh)|doan the)\b",
        UnitKind.FRONT,
    ),
    (r"^(?:cac|nguoi dung dau|dong chi|nhan dan)\b", UnitKind.GROUP),
    (
        r"\b(?:dang|chi bo|huyen uy|tinh uy|thanh uy|cap uy|ban tuyen giao|ban to chuc)\b",
        UnitKind.PARTY,
    ),
    (r"\b(?:ubnd|uy ban nhan dan|hdnd|phong|van phong|trung tam|chu tich)\b", UnitKind.GOVERNMENT),
)


def unit_kind(name: str) -> UnitKind:
    """A first guess at the kind of body from its name; the clerk can change it."""
    key = fold(name)
    for pattern, kind in _KINDS:
        if re.search(pattern, key):
            return kind
    return UnitKind.OTHER


# "Việc bảo đảm an ninh ... do Công an xã chủ trì, phối hợp với ...": the lead after "do".
_DONE_BY = re.compile(
    r"\bdo\s+(?P<body>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][^,;.()]{1,80}?)\s+"
    r"(?:chủ trì|thực hiện|phụ trách|đảm nhiệm|chịu trách nhiệm)\b"
)


def done_by(text: str) -> list[str]:
    """The bodies a passive duty names as its lead ("… do Công an xã chủ trì")."""
    m = _DONE_BY.search(text)
    if m is None:
        return []
    names = split_bodies(m["body"])
    return names if names and all(is_body(n) for n in names) else []
