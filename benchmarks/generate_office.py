"""Write the synthetic 20-year office of DESIGN.md section 8 into a workspace file.

2,000 plans (2007-2026, state and Party), 100,000 tasks, 300 hamlets, 200 units, 20,000
events and 200,000 progress entries, the same for the same seed. Everything goes through
the workspace and its repositories, as the program itself would write it.

    python -m benchmarks.generate_office [PATH] [--force] [--seed N]
"""

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dateutil.rrule import rrulestr

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.ids import (
    AssignmentId,
    EventId,
    EventRuleId,
    HamletId,
    PlanId,
    ProgressId,
    RecipientId,
    SectionId,
    TaskId,
    UnitId,
)
from desktop_app.domain.plans import (
    Assignment,
    Event,
    EventRule,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    TaskStatus,
    UnitRef,
)
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.text import roman
from desktop_app.domain.units import Hamlet, HamletKind, Unit, UnitKind
from desktop_app.workspace import Workspace

DEFAULT_PATH = Path("/tmp/office-20y.sqlite")
DEFAULT_SEED = 20
# The office's "today" for task states and progress: fixed, so the file does not depend on
# the day it is generated.
AS_OF = dt.date(2026, 11, 15)
FIRST_YEAR, LAST_YEAR = 2007, 2026


@dataclass(frozen=True)
class Sizes:
    """How big an office to make."""

    plans: int = 2_000
    tasks: int = 100_000
    hamlets: int = 300
    units: int = 200
    events: int = 20_000
    progress: int = 200_000


FULL = Sizes()


def scaled(scale: float, *, directory: bool = True) -> Sizes:
    """The office ``scale`` times as big (0.5: half the plans, tasks, events, reports...).

    The directory grows with it too, at least a few units and hamlets; with ``directory``
    False it stays the full office's. Each plan gives its work to most of the commune's
    hamlets, so an office twice as big with twice the hamlets has four times the links of
    plans to hamlets: the offices of the growth table (twice the years of one commune) keep
    the commune's directory, and their rows grow as the scale.
    """
    if scale <= 0:
        raise ValueError("the scale must be positive")
    return Sizes(
        plans=max(1, round(FULL.plans * scale)),
        tasks=max(1, round(FULL.tasks * scale)),
        hamlets=FULL.hamlets if not directory else max(5, round(FULL.hamlets * scale)),
        units=FULL.units if not directory else max(len(CORE_UNITS), round(FULL.units * scale)),
        events=round(FULL.events * scale),
        progress=round(FULL.progress * scale),
    )


def scaled_path(scale: float, folder: Path = DEFAULT_PATH.parent) -> Path:
    """Where the office of that scale is written by default: the full one as DEFAULT_PATH.

    Named apart from the offices of before the directory was kept whole (``scaled``), which
    a folder may still hold.
    """
    if scale == 1:
        return folder / DEFAULT_PATH.name
    return folder / f"office-20y-x{scale:g}-one-commune.sqlite"


# ---- word lists ------------------------------------------------------------------------

COMMUNE = "Thanh Sơn"
COMMUNE_UPPER = "THANH SƠN"
DISTRICT_PARTY = "ĐẢNG BỘ HUYỆN PHÚ BÌNH"
PROVINCE_PARTY = "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
# Districts were abolished on 1 July 2025: from then on a commune answers to the province.
DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)

HAMLET_FIRST = (
    "Đồng", "Phú", "Tân", "An", "Hòa", "Quang", "Minh", "Thanh", "Trung", "Đông", "Tây",
    "Nam", "Bắc", "Hạ", "Thượng", "Cầu", "Gò", "Bãi", "Văn", "Hồng", "Lược", "Khe", "Na",
    "Cao", "Đèo", "Suối", "Làng", "Bến", "Soi", "Mỏ",
)  # fmt: skip
HAMLET_SECOND = (
    "Vòng", "Lạc", "Hòa", "Minh", "Thịnh", "Sơn", "Tiến", "Bình", "Phong", "Lợi", "Thành",
    "Xuân", "Hưng", "Long", "Hợp", "Trại", "Cả", "Mới", "Giữa", "Trên", "Dưới", "Chùa",
)  # fmt: skip

CORE_UNITS: tuple[tuple[str, UnitKind, str], ...] = (
    ("Đảng ủy xã", UnitKind.PARTY, "ĐU"),
    ("Văn phòng Đảng ủy", UnitKind.PARTY, "VPĐU"),
    ("Ban Xây dựng Đảng", UnitKind.PARTY, "BXDĐ"),
    ("Ủy ban Kiểm tra Đảng ủy", UnitKind.PARTY, "UBKT"),
    ("Hội đồng nhân dân xã", UnitKind.GOVERNMENT, "HĐND"),
    ("Ủy ban nhân dân xã", UnitKind.GOVERNMENT, "UBND"),
    ("Văn phòng HĐND và UBND xã", UnitKind.GOVERNMENT, "VP"),
    ("Phòng Kinh tế", UnitKind.GOVERNMENT, "KT"),
    ("Phòng Văn hóa - Xã hội", UnitKind.GOVERNMENT, "VHXH"),
    ("Trung tâm Phục vụ hành chính công xã", UnitKind.GOVERNMENT, "TTHCC"),
    ("Công chức Địa chính - Xây dựng", UnitKind.GOVERNMENT, "ĐC"),
    ("Công chức Tài chính - Kế toán", UnitKind.GOVERNMENT, "TC"),
    ("Công chức Tư pháp - Hộ tịch", UnitKind.GOVERNMENT, "TP"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", UnitKind.FRONT, "MTTQ"),
    ("Hội Liên hiệp Phụ nữ xã", UnitKind.FRONT, "HPN"),
    ("Hội Nông dân xã", UnitKind.FRONT, "HND"),
    ("Hội Cựu chiến binh xã", UnitKind.FRONT, "CCB"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", UnitKind.FRONT, "ĐTN"),
    ("Hội Người cao tuổi xã", UnitKind.FRONT, "NCT"),
    ("Hội Chữ thập đỏ xã", UnitKind.FRONT, "CTĐ"),
    ("Công an xã", UnitKind.ARMED, "CA"),
    ("Ban Chỉ huy Quân sự xã", UnitKind.ARMED, "QS"),
    ("Trạm Y tế xã", UnitKind.HEALTH, "YT"),
    ("Trường Mầm non xã", UnitKind.SCHOOL, "MN"),
    ("Trường Tiểu học xã", UnitKind.SCHOOL, "TH"),
    ("Trường Trung học cơ sở xã", UnitKind.SCHOOL, "THCS"),
    ("Hợp tác xã Nông nghiệp dịch vụ tổng hợp", UnitKind.BUSINESS, "HTX"),
    ("Bưu điện văn hóa xã", UnitKind.OTHER, "BĐ"),
    ("Đài Truyền thanh xã", UnitKind.OTHER, "ĐTT"),
    ("Quỹ Tín dụng nhân dân", UnitKind.BUSINESS, "QTD"),
)
UNIT_PATTERNS: tuple[tuple[str, UnitKind], ...] = (
    ("Chi bộ {h}", UnitKind.PARTY),
    ("Ban công tác Mặt trận {h}", UnitKind.FRONT),
    ("Chi hội Phụ nữ {h}", UnitKind.FRONT),
    ("Chi hội Nông dân {h}", UnitKind.FRONT),
    ("Chi đoàn {h}", UnitKind.FRONT),
    ("Trưởng {h}", UnitKind.HAMLET_HEAD),
    ("Tổ an ninh trật tự cơ sở {h}", UnitKind.ARMED),
    ("Tổ hợp tác sản xuất chè {h}", UnitKind.GROUP),
    ("Công ty TNHH {w}", UnitKind.BUSINESS),
    ("Hợp tác xã {w}", UnitKind.BUSINESS),
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Dương", "Ma")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Ngọc", "Xuân", "Thế")
GIVEN = ("Thắng", "Hùng", "Lan", "Hương", "Tuấn", "Dũng", "Hà", "Bình", "Sơn", "Hải", "Thủy")

TOPICS = (
    "xây dựng nông thôn mới nâng cao",
    "phát triển kinh tế - xã hội",
    "chuyển đổi số và phát triển chính quyền số",
    "cải cách hành chính",
    "bảo vệ môi trường, xử lý rác thải sinh hoạt",
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "bảo đảm trật tự an toàn giao thông",
    "bảo đảm an ninh trật tự ở cơ sở",
    "phát triển sản xuất nông nghiệp hàng hóa",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "công tác dân vận của hệ thống chính trị",
    "xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "giảm nghèo bền vững",
    "bảo hiểm y tế, bảo hiểm xã hội toàn dân",
    "phổ cập giáo dục, xóa mù chữ",
    "xây dựng đời sống văn hóa ở khu dân cư",
    "tiêm chủng mở rộng",
    "sắp xếp xóm, tổ dân phố",
    "tuyển chọn và gọi công dân nhập ngũ",
    "phòng, chống dịch bệnh trên gia súc, gia cầm",
    "phát triển vùng chè đặc sản",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
)
DISEASES = ("sốt xuất huyết", "bệnh dại", "dịch tả lợn châu Phi", "cúm gia cầm", "tay chân miệng")
CAMPAIGN_TITLES = (
    "Tổ chức ra quân xây dựng nông thôn mới năm {y}",
    "Ra quân tổng vệ sinh môi trường, xây dựng cảnh quan sáng - xanh - sạch - đẹp năm {y}",
    "Tổ chức ngày ra quân “Toàn dân chung sức xây dựng nông thôn mới” năm {y}",
    "Ra quân làm đường giao thông nông thôn, kênh mương nội đồng năm {y}",
    "Ra quân trồng cây xanh, hưởng ứng “Tết trồng cây đời đời nhớ ơn Bác Hồ” năm {y}",
)
WEEKLY_TITLES = (
    "Tổ chức “Ngày Chủ nhật xanh” hằng tuần trên địa bàn xã năm {y}",
    "Duy trì tổng vệ sinh môi trường vào sáng Chủ nhật hằng tuần năm {y}",
)
PARTY_TITLES = (
    "Triển khai thực hiện Nghị quyết số {n}-NQ/TU ngày {d} của Ban Thường vụ Tỉnh ủy về {t}",
    "Thực hiện Kết luận số {n}-KL/TW ngày {d} của Bộ Chính trị về {t}",
    "Thực hiện Chỉ thị số {n}-CT/TU ngày {d} của Ban Thường vụ Tỉnh ủy về {t}",
    "Kiểm tra, giám sát việc thực hiện {t} năm {y}",
    "Tổ chức học tập, quán triệt Nghị quyết số {n}-NQ/TW về {t}",
)
STATE_TITLES = (
    "Thực hiện Quyết định số {n}/QĐ-UBND ngày {d} của UBND tỉnh về {t}",
    "Triển khai công tác {t} năm {y}",
    "Phòng, chống {disease} trên địa bàn xã năm {y}",
    "Tuyên truyền, phổ biến pháp luật về {t} năm {y}",
    "Sơ kết 05 năm thực hiện {t} giai đoạn {y5}",
    "Tổng kết công tác {t} năm {y}",
)
VERBS = (
    "Tuyên truyền, vận động",
    "Tổ chức",
    "Chỉ đạo, hướng dẫn",
    "Rà soát, thống kê",
    "Kiểm tra, đôn đốc",
    "Xây dựng kế hoạch",
    "Phối hợp triển khai",
    "Báo cáo kết quả thực hiện",
    "Tổng hợp, báo cáo",
    "Huy động",
    "Hướng dẫn",
)
OBJECTS = (
    "nhân dân tham gia tổng vệ sinh đường làng, ngõ xóm",
    "số hộ nghèo, hộ cận nghèo",
    "các hộ gia đình phân loại rác thải tại nguồn",
    "đoàn viên, hội viên trồng cây xanh dọc các tuyến đường",
    "việc sử dụng dịch vụ công trực tuyến của người dân",
    "kết quả thực hiện các tiêu chí nông thôn mới",
    "lực lượng tham gia phòng cháy, chữa cháy",
    "công tác tiêm phòng cho đàn gia súc, gia cầm",
    "việc cấp giấy chứng nhận quyền sử dụng đất",
    "thanh niên trong độ tuổi sẵn sàng nhập ngũ",
    "các nguồn lực xã hội hóa làm đường giao thông nông thôn",
    "người dân tham gia bảo hiểm y tế",
    "việc giải quyết thủ tục hành chính đúng hạn",
    "các điểm sinh hoạt văn hóa cộng đồng",
)
# Real tasks run to a sentence or two: what, where, and to what end.
CLAUSES = (
    "",
    ", góp phần hoàn thành các chỉ tiêu kinh tế - xã hội năm {y}",
    ", bảo đảm đúng tiến độ, chất lượng, hiệu quả",
    "; kịp thời tham mưu, đề xuất tháo gỡ những khó khăn, vướng mắc phát sinh",
    ", gắn với việc thực hiện {t}",
    "; định kỳ tổng hợp kết quả, báo cáo Thường trực Đảng ủy và UBND xã theo quy định",
)
WHERE = ("", "", " trên địa bàn xã", " tại các xóm", " theo chức năng, nhiệm vụ được giao")
OUTPUTS = ("", "", "Báo cáo kết quả", "Kế hoạch chi tiết", "Danh sách", "Biên bản kiểm tra")
PURPOSES = (
    "Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền và nhân dân về {t}.",
    "Phát huy vai trò của cả hệ thống chính trị trong việc triển khai {t}.",
    "Tạo khí thế thi đua sôi nổi, đồng thuận cao trong cộng đồng dân cư.",
    "Góp phần hoàn thành các chỉ tiêu phát triển kinh tế - xã hội năm {y} của xã.",
)
REQUIREMENTS = (
    "Việc triển khai phải bảo đảm đồng bộ, có trọng tâm, trọng điểm, phù hợp với thực tế.",
    "Các cơ quan, đơn vị, các xóm chủ động xây dựng kế hoạch cụ thể để tổ chức thực hiện.",
    "Định kỳ báo cáo kết quả về Thường trực để tổng hợp, theo dõi, chỉ đạo.",
    "Tiết kiệm, hiệu quả, tránh hình thức, lãng phí.",
)
CONTENT_HEADINGS = (
    "Công tác tuyên truyền",
    "Công tác kiểm tra, giám sát",
    "Huy động nguồn lực",
    "Phát triển sản xuất",
    "Vệ sinh môi trường",
    "Chế độ thông tin, báo cáo",
    "Thời gian, địa điểm",
    "Thành phần tham gia",
)
CONTENT_PARAGRAPHS = (
    "Tổ chức tuyên truyền sâu rộng trên hệ thống truyền thanh của xã và các xóm về {t}.",
    "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ chủ động triển khai thực hiện.",
    "Huy động sự tham gia của đoàn viên, hội viên và nhân dân các xóm.",
    "Lồng ghép nội dung kế hoạch với các chương trình, phong trào thi đua của địa phương.",
    "Kết quả thực hiện là tiêu chí đánh giá, xếp loại thi đua năm {y}.",
)
RECIPIENTS = (
    ("Thường trực Đảng ủy", "(b/c)"),
    ("Thường trực HĐND xã", "(b/c)"),
    ("Chủ tịch, các PCT UBND xã", ""),
    ("Ủy ban MTTQ và các đoàn thể xã", "(p/h)"),
    ("Các cơ quan, đơn vị liên quan", "(t/h)"),
    ("Các chi bộ trực thuộc", "(t/h)"),
    ("Trưởng các xóm", "(t/h)"),
)


def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to ``weights`` that add up to exactly ``total``."""
    if not weights:
        return []
    scale = sum(weights)
    if scale <= 0:
        weights, scale = [1.0] * len(weights), float(len(weights))
    raw = [total * w / scale for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _date_text(day: dt.date) -> str:
    """As the plans write it: "25/6/2026"."""
    return f"{day.day:02d}/{day.month}/{day.year}"


@dataclass(frozen=True)
class _Shape:
    """What is decided for a plan before it is built, so totals come out exact."""

    date: dt.date
    system: System
    kind: str  # campaign | weekly | conference | plain
    tasks: int
    events: int
    progress: int


class OfficeBuilder:
    """The office's directory and its plans, year by year; the same seed gives the same office.

    Args:
        sizes: how many of everything.
        seed: for ``random.Random``.
        as_of: the office's "today": what is past is mostly done and has progress reports.
    """

    def __init__(self, sizes: Sizes = FULL, seed: int = DEFAULT_SEED, as_of: dt.date = AS_OF):
        self.sizes = sizes
        self.as_of = as_of
        self.rng = random.Random(seed)
        self.hamlets = self._make_hamlets()
        self.units = self._make_units()
        self._live_hamlets = [h for h in self.hamlets if h.active]
        self._leaders = self.units[: min(len(self.units), len(CORE_UNITS))]
        self._shapes = self._make_shapes()
        self._numbers: dict[tuple[int, str], int] = {}

    def _id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def _person(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    # ---- directory -----------------------------------------------------------------------

    def _make_hamlets(self) -> list[Hamlet]:
        r = self.rng
        names: list[tuple[HamletKind, str]] = [(HamletKind.XOM, "Xóm Đồng Vòng")]
        seen = {"Xóm Đồng Vòng"}
        numbered = iter(range(1, 1000))
        while len(names) < self.sizes.hamlets:
            roll = r.random()
            if roll < 0.15:
                kind, name = HamletKind.XOM, f"Xóm {next(numbered)}"
            elif roll < 0.2:
                kind, name = HamletKind.TO_DAN_PHO, f"Tổ dân phố {r.choice(HAMLET_FIRST)}"
            else:
                kind = r.choice((HamletKind.XOM, HamletKind.XOM, HamletKind.THON))
                word = f"{r.choice(HAMLET_FIRST)} {r.choice(HAMLET_SECOND)}"
                name = f"{'Xóm' if kind is HamletKind.XOM else 'Thôn'} {word}"
            if name not in seen:
                seen.add(name)
                names.append((kind, name))
        hamlets = [
            Hamlet(
                id=HamletId(self._id()),
                name=name,
                kind=kind,
                households=r.randint(60, 320),
                population=r.randint(250, 1400),
                former_commune=r.choice(("", "", "", "Tân Phú", "Minh Đức")),
            )
            for kind, name in names
        ]
        # The 2025 re-arrangement: a few small hamlets merged into a neighbour.
        for i in range(len(hamlets) - 1, len(hamlets) - 1 - len(hamlets) // 30, -1):
            target = hamlets[r.randrange(0, i)]
            hamlets[i] = replace(
                hamlets[i],
                merged_into=target.id,
                active=False,
                note=f"Sáp nhập vào {target.name} từ 01/7/2025",
            )
        return hamlets

    def _make_units(self) -> list[Unit]:
        r = self.rng
        units = [
            Unit(id=UnitId(self._id()), name=name, kind=kind, abbreviation=abbr, position=i)
            for i, (name, kind, abbr) in enumerate(CORE_UNITS[: self.sizes.units])
        ]
        seen = {u.name for u in units}
        while len(units) < self.sizes.units:
            pattern, kind = r.choice(UNIT_PATTERNS)
            hamlet = r.choice(self.hamlets).name
            word = f"{r.choice(HAMLET_FIRST)} {r.choice(HAMLET_SECOND)}"
            name = pattern.format(h=hamlet[0].lower() + hamlet[1:], w=word)
            if name in seen:
                continue
            seen.add(name)
            units.append(Unit(id=UnitId(self._id()), name=name, kind=kind, position=len(units)))
        return units

    # ---- shapes: how many of what each plan gets -------------------------------------------

    def _make_shapes(self) -> list[_Shape]:
        r, sizes = self.rng, self.sizes
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        per_year = spread(sizes.plans, [1.0] * len(years))
        dates: list[dt.date] = []
        for year, n in zip(years, per_year, strict=True):
            first = dt.date(year, 1, 2)
            last = min(dt.date(year, 12, 28), self.as_of)
            span = max((last - first).days, 0)
            dates += sorted(first + dt.timedelta(days=r.randint(0, span)) for _ in range(n))
        systems = [System.PARTY if r.random() < 0.4 else System.STATE for _ in dates]
        kinds = [
            r.choices(("campaign", "weekly", "conference", "plain"), (40, 8, 25, 27))[0]
            for _ in dates
        ]
        # Monthly campaign days run 12-18 months, weekly ones 26-52 weeks; scaled to the total.
        event_ranges = {"campaign": (12, 18), "weekly": (26, 52), "conference": (1, 3)}
        task_counts = spread(sizes.tasks, [r.randint(30, 70) for _ in dates])
        event_counts = spread(
            sizes.events, [r.randint(*event_ranges[k]) if k in event_ranges else 0 for k in kinds]
        )
        elapsed = [max(0.0, min(1.0, (self.as_of - d).days / 365)) for d in dates]
        progress_counts = spread(
            sizes.progress, [t * e for t, e in zip(task_counts, elapsed, strict=True)]
        )
        return [
            _Shape(d, s, k, t, e, p)
            for d, s, k, t, e, p in zip(
                dates, systems, kinds, task_counts, event_counts, progress_counts, strict=True
            )
        ]

    def years(self) -> list[int]:
        return sorted({s.date.year for s in self._shapes})

    def batches(self) -> Iterator[tuple[int, list[Plan], list[ProgressEntry]]]:
        """Per year: its plans and the progress reported on them."""
        for year in self.years():
            plans: list[Plan] = []
            progress: list[ProgressEntry] = []
            for shape in (s for s in self._shapes if s.date.year == year):
                plan = self._plan(shape)
                plans.append(plan)
                progress += self._progress(plan, shape.progress)
            yield year, plans, progress

    # ---- plans ---------------------------------------------------------------------------

    def _number(self, shape: _Shape, symbol: str) -> int:
        key = (shape.date.year, symbol)
        step = self.rng.randint(1, 4) if shape.system is System.PARTY else self.rng.randint(1, 5)
        self._numbers[key] = self._numbers.get(key, 0) + step
        return self._numbers[key]

    def _status(self, day: dt.date) -> PlanStatus:
        r, year = self.rng, day.year
        if year <= self.as_of.year - 2:
            return PlanStatus.ARCHIVED if r.random() < 0.25 else PlanStatus.DONE
        if year == self.as_of.year - 1:
            return PlanStatus.DONE if r.random() < 0.6 else PlanStatus.IN_PROGRESS
        return r.choices(
            (PlanStatus.IN_PROGRESS, PlanStatus.ISSUED, PlanStatus.DRAFT), (70, 25, 5)
        )[0]

    def _title(self, shape: _Shape, topic: str) -> str:
        r, y = self.rng, shape.date.year
        if shape.kind == "campaign":
            return r.choice(CAMPAIGN_TITLES).format(y=y)
        if shape.kind == "weekly":
            return r.choice(WEEKLY_TITLES).format(y=y)
        older = shape.date - dt.timedelta(days=r.randint(20, 400))
        return r.choice(PARTY_TITLES if shape.system is System.PARTY else STATE_TITLES).format(
            n=r.randint(1, 120),
            d=_date_text(older),
            t=topic,
            y=y,
            y5=f"{y - 5}-{y}",
            disease=r.choice(DISEASES),
        )

    def _plan(self, shape: _Shape) -> Plan:
        r, day, year = self.rng, shape.date, shape.date.year
        party = shape.system is System.PARTY
        topic = r.choice(TOPICS)
        if party:
            symbol = "KH/ĐU"
            parent = DISTRICT_PARTY if day < DISTRICTS_ABOLISHED else PROVINCE_PARTY
            issuer = Issuer(f"ĐẢNG ỦY XÃ {COMMUNE_UPPER}", parent)
            signature = Signature(
                r.choice(("T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ")),
                r.choice(("BÍ THƯ", "PHÓ BÍ THƯ")),
                self._person(),
            )
        else:
            bcd = r.random() < 0.1
            symbol = "KH-BCĐ" if bcd else "KH-UBND"
            issuer = Issuer(
                f"BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI XÃ {COMMUNE_UPPER}"
                if bcd
                else f"ỦY BAN NHÂN DÂN XÃ {COMMUNE_UPPER}"
            )
            signature = Signature(
                "TM. BAN CHỈ ĐẠO" if bcd else "TM. ỦY BAN NHÂN DÂN",
                r.choice(("CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
                self._person(),
            )
        status = self._status(day)
        number = None if status is PlanStatus.DRAFT else self._number(shape, symbol)
        sections, task_sections = self._sections(topic, year)
        plan_id = PlanId(self._id())
        events, rules = self._events(shape)
        return Plan(
            id=plan_id,
            system=shape.system,
            issuer=issuer,
            title=self._title(shape, topic),
            symbol=symbol,
            number=number,
            place=COMMUNE,
            date=day,
            status=status,
            bases=tuple(
                f"Căn cứ {b}"
                for b in r.sample(
                    (
                        f"Nghị quyết Đại hội Đảng bộ xã {COMMUNE} nhiệm kỳ {year - year % 5}-"
                        f"{year - year % 5 + 5};",
                        f"Chương trình công tác năm {year} của Ban Chấp hành Đảng bộ xã;",
                        f"Kế hoạch số {r.randint(1, 200)}/KH-UBND ngày "
                        f"{_date_text(day - dt.timedelta(days=r.randint(10, 90)))} "
                        "của UBND huyện;",
                        f"tình hình thực tế của địa phương về {topic};",
                    ),
                    r.randint(1, 3),
                )
            ),
            preamble=(
                f"{'Ban Thường vụ Đảng ủy' if party else 'UBND xã'} xây dựng Kế hoạch "
                f"thực hiện {topic} năm {year}, cụ thể như sau:",
            ),
            closing=("Trên đây là Kế hoạch, đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.",),
            signature=signature,
            sections=sections,
            tasks=self._tasks(shape, task_sections, topic),
            event_rules=rules,
            events=events,
            assignments=self._assignments() if rules else (),
            recipients=self._recipients(party),
        )

    def _sections(self, topic: str, year: int) -> tuple[tuple[Section, ...], list[SectionId]]:
        r = self.rng

        def para(templates: Sequence[str], k: int) -> tuple[str, ...]:
            return tuple(p.format(t=topic, y=year) for p in r.sample(templates, k))

        def child(label: str, title: str, paragraphs: tuple[str, ...]) -> Section:
            return Section(SectionId(self._id()), label, title, paragraphs)

        purpose = Section(
            SectionId(self._id()),
            "I.",
            "MỤC ĐÍCH, YÊU CẦU",
            children=(
                child("1.", "Mục đích", para(PURPOSES, 2)),
                child("2.", "Yêu cầu", para(REQUIREMENTS, 2)),
            ),
        )
        content = Section(
            SectionId(self._id()),
            "II.",
            "NỘI DUNG, NHIỆM VỤ",
            children=tuple(
                child(f"{i}.", heading, para(CONTENT_PARAGRAPHS, r.randint(1, 3)))
                for i, heading in enumerate(r.sample(CONTENT_HEADINGS, r.randint(3, 5)), 1)
            ),
        )
        sections = [purpose, content]
        if r.random() < 0.5:
            sections.append(
                Section(
                    SectionId(self._id()),
                    "III.",
                    "KINH PHÍ THỰC HIỆN",
                    ("Kinh phí thực hiện từ nguồn ngân sách xã và các nguồn huy động hợp pháp.",),
                )
            )
        organisers = r.sample(self._leaders, min(len(self._leaders), r.randint(3, 6)))
        sections.append(
            Section(
                SectionId(self._id()),
                "IV." if len(sections) == 3 else "III.",
                "TỔ CHỨC THỰC HIỆN",
                children=tuple(
                    child(f"{i}.", u.name, para(CONTENT_PARAGRAPHS, r.randint(1, 2)))
                    for i, u in enumerate(organisers, 1)
                ),
            )
        )
        task_sections = [c.id for c in content.children] + [c.id for c in sections[-1].children]
        return tuple(sections), task_sections

    def _deadline(self, day: dt.date) -> Deadline:
        r, year = self.rng, day.year
        roll = r.random()
        if roll < 0.55:
            on = day + dt.timedelta(days=r.randint(7, 330))
            before = r.random() < 0.6
            words = "trước ngày" if before else "ngày"
            return Deadline(DeadlineKind.DATE, f"{words} {_date_text(on)}", on=on, before=before)
        if roll < 0.65:
            when = day + dt.timedelta(days=r.randint(0, 300))
            return Deadline(
                DeadlineKind.MONTH,
                f"trong tháng {when.month}/{when.year}",
                year=when.year,
                month=when.month,
            )
        if roll < 0.72:
            quarter = r.randint((day.month - 1) // 3 + 1, 4)
            return Deadline(
                DeadlineKind.QUARTER,
                f"trong quý {roman(quarter)}-{year}",
                year=year,
                quarter=quarter,
            )
        if roll < 0.77:
            return Deadline(DeadlineKind.YEAR, f"trong năm {year}", year=year)
        if roll < 0.90:
            return Deadline(DeadlineKind.ONGOING, "thường xuyên")
        if roll < 0.95:
            return Deadline()
        monthday = r.choice((5, 10, 20, 25))
        return Deadline(
            DeadlineKind.RECURRING,
            f"trước ngày {monthday:02d} hằng tháng",
            before=True,
            rrule=f"FREQ=MONTHLY;BYMONTHDAY={monthday};UNTIL={year}1231",
        )

    def _task_status(self, due: dt.date) -> TaskStatus:
        if due < self.as_of:
            return self.rng.choices(
                (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED), (88, 8, 4)
            )[0]
        return self.rng.choices(
            (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE), (45, 50, 5)
        )[0]

    def _tasks(self, shape: _Shape, sections: list[SectionId], topic: str) -> tuple[Task, ...]:
        r, day = self.rng, shape.date
        tasks = []
        for _ in range(shape.tasks):
            deadline = self._deadline(day)
            due = deadline.due_date() or dt.date(day.year, 12, 31)
            lead = r.sample(self._leaders, r.randint(1, 2))
            support = [u for u in r.sample(self.units, r.randint(0, 3)) if u not in lead]
            where = r.choice(WHERE)
            if r.random() < 0.12:
                where = f" tại {r.choice(self._live_hamlets).name}"
            clause = r.choice(CLAUSES).format(y=day.year, t=topic)
            tasks.append(
                Task(
                    id=TaskId(self._id()),
                    text=f"{r.choice(VERBS)} {r.choice(OBJECTS)}{where}{clause}.",
                    lead=tuple(UnitRef(u.id, u.name) for u in lead),
                    support=tuple(UnitRef(u.id, u.name) for u in support),
                    deadline=deadline,
                    output=r.choice(OUTPUTS),
                    status=self._task_status(due),
                    section_id=r.choice(sections),
                )
            )
        return tuple(tasks)

    def _events(self, shape: _Shape) -> tuple[tuple[Event, ...], tuple[EventRule, ...]]:
        r, day, n = self.rng, shape.date, shape.events
        if n == 0:
            return (), ()
        if shape.kind in ("campaign", "weekly"):
            start = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            if shape.kind == "campaign":
                text = f"ngày thứ Bảy đầu tiên của tháng, từ tháng {start.month}/{start.year}"
                rule_text = f"FREQ=MONTHLY;BYDAY=1SA;COUNT={n}"
            else:
                text = f"sáng Chủ nhật hằng tuần, từ tháng {start.month}/{start.year}"
                rule_text = f"FREQ=WEEKLY;BYDAY=SU;COUNT={n}"
            rule = EventRule(EventRuleId(self._id()), text, rule_text, start)
            moments = rrulestr("RRULE:" + rule_text, dtstart=dt.datetime.combine(start, dt.time()))
            events = tuple(
                Event(
                    id=EventId(self._id()),
                    label=f"Đợt {i}",
                    date=moment.date(),
                    time="07:00",
                    place="Các xóm trên địa bàn xã",
                    rule_id=rule.id,
                    all_hamlets=True,
                )
                for i, moment in enumerate(moments, 1)
            )
            return events, (rule,)
        names = ("Hội nghị triển khai Kế hoạch", "Hội nghị sơ kết 6 tháng", "Hội nghị tổng kết")
        when = day + dt.timedelta(days=r.randint(3, 20))
        events_list = []
        for i in range(n):
            events_list.append(
                Event(
                    id=EventId(self._id()),
                    label=names[i] if i < len(names) else f"Hội nghị lần {i + 1}",
                    date=when,
                    time="08:00",
                    place="Hội trường UBND xã",
                )
            )
            when += dt.timedelta(days=r.randint(90, 180))
        return tuple(events_list), ()

    def _assignments(self) -> tuple[Assignment, ...]:
        r = self.rng
        units = r.sample(self.units, min(len(self.units), r.randint(15, 30)))
        hamlets = r.sample(self._live_hamlets, len(self._live_hamlets))
        hamlets = hamlets[: max(len(units), int(len(hamlets) * r.uniform(0.6, 1.0)))]
        shares = spread(len(hamlets), [r.uniform(0.5, 1.5) for _ in units])
        out = []
        at = 0
        for unit, share in zip(units, shares, strict=True):
            out.append(
                Assignment(
                    id=AssignmentId(self._id()),
                    unit=UnitRef(unit.id, unit.name),
                    hamlets=tuple(HamletRef(h.id, h.name) for h in hamlets[at : at + share]),
                    prefix="Đề nghị" if unit.kind is UnitKind.PARTY else "",
                )
            )
            at += share
        return tuple(out)

    def _recipients(self, party: bool) -> tuple[Recipient, ...]:
        r = self.rng
        chosen = r.sample(RECIPIENTS, r.randint(4, len(RECIPIENTS)))
        out = [Recipient(RecipientId(self._id()), text, note) for text, note in chosen]
        archive = "Lưu Văn phòng Đảng ủy" if party else "Lưu: VT"
        out.append(Recipient(RecipientId(self._id()), archive, role=RecipientRole.ARCHIVE))
        return tuple(out)

    # ---- progress ------------------------------------------------------------------------

    def _progress(self, plan: Plan, count: int) -> list[ProgressEntry]:
        r, start = self.rng, plan.date or self.as_of
        if count == 0 or not plan.tasks:
            return []
        past_events = [e for e in plan.events if e.date <= self.as_of]
        covered: list[tuple[UnitId | None, HamletId]] = [
            (a.unit.id, h.id) for a in plan.assignments for h in a.hamlets
        ]
        recurring = [
            (t, day)
            for t in plan.tasks
            if t.deadline.is_recurring
            for day in t.deadline.occurrences(plan.date)
            if day <= self.as_of
        ]
        entries = []
        for _ in range(count):
            roll = r.random()
            if past_events and roll < 0.2:
                event = r.choice(past_events)
                unit_id, hamlet_id = (
                    r.choice(covered) if covered else (None, r.choice(self._live_hamlets).id)
                )
                people = r.randint(15, 180)
                entries.append(
                    ProgressEntry(
                        id=ProgressId(self._id()),
                        plan_id=plan.id,
                        reported_on=min(
                            event.date + dt.timedelta(days=r.randint(0, 3)), self.as_of
                        ),
                        event_id=event.id,
                        unit_id=unit_id,
                        hamlet_id=hamlet_id,
                        status=TaskStatus.DONE,
                        text=f"{event.label}: {people} người tham gia.",
                        figures={
                            "Số người tham gia": float(people),
                            "Rác thu gom (kg)": 5.0 * r.randint(10, 200),
                        },
                        source="nhập tay",
                    )
                )
                continue
            if recurring and roll < 0.3:
                task, due = r.choice(recurring)
                entries.append(
                    ProgressEntry(
                        id=ProgressId(self._id()),
                        plan_id=plan.id,
                        reported_on=due - dt.timedelta(days=r.randint(0, 6)),
                        task_id=task.id,
                        occurrence=due,
                        unit_id=task.lead[0].id if task.lead else None,
                        status=TaskStatus.DONE if r.random() < 0.9 else TaskStatus.IN_PROGRESS,
                        text=f"Báo cáo định kỳ tháng {due.month}/{due.year}.",
                        source=f"bao-cao-thang-{due.month:02d}-{due.year}.xlsx",
                    )
                )
                continue
            task = r.choice(plan.tasks)
            due = task.deadline.due_date() or dt.date(start.year, 12, 31)
            last = max(start, min(due, self.as_of))
            reported = start + dt.timedelta(days=r.randint(0, (last - start).days))
            percent = 5 * r.randint(1, 20)
            entries.append(
                ProgressEntry(
                    id=ProgressId(self._id()),
                    plan_id=plan.id,
                    reported_on=reported,
                    task_id=task.id,
                    unit_id=r.choice(task.lead).id if task.lead else None,
                    status=TaskStatus.DONE if percent == 100 else TaskStatus.IN_PROGRESS,
                    percent=percent,
                    text=f"Đã thực hiện được {percent}% khối lượng công việc.",
                    source="nhập tay",
                )
            )
        return entries


def generate(
    ws: Workspace,
    sizes: Sizes = FULL,
    seed: int = DEFAULT_SEED,
    report: Callable[[str], None] | None = None,
) -> None:
    """Fill an empty workspace with a generated office."""
    say = report or (lambda _text: None)
    builder = OfficeBuilder(sizes, seed)
    ws.directory.save(builder.units, builder.hamlets)
    say(f"{len(builder.units)} đơn vị, {len(builder.hamlets)} xóm")
    totals = [0, 0, 0, 0]
    for year, plans, progress in builder.batches():
        started = time.perf_counter()
        ws.plans.add_new(plans, progress)
        tasks = sum(len(p.tasks) for p in plans)
        events = sum(len(p.events) for p in plans)
        for i, n in enumerate((len(plans), tasks, events, len(progress))):
            totals[i] += n
        say(
            f"{year}: {len(plans)} kế hoạch, {tasks} nhiệm vụ, {events} sự kiện, "
            f"{len(progress)} báo cáo tiến độ (ghi {time.perf_counter() - started:.2f} s)"
        )
    say(
        f"Tổng: {totals[0]} kế hoạch, {totals[1]} nhiệm vụ, {totals[2]} sự kiện, "
        f"{totals[3]} báo cáo tiến độ"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="an office this many times as big (0.25, 2...), with the same commune's "
        "300 hamlets and 200 units; PATH then defaults to "
        "office-20y-x<scale>-one-commune.sqlite beside the full one",
    )
    args = parser.parse_args(argv)
    path: Path = args.path or scaled_path(args.scale)
    if path.exists() and not args.force:
        print(f"{path} already exists; use --force to overwrite it.", file=sys.stderr)
        return 2
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    ws = Workspace.open(path, device="benchmark")
    try:
        generate(
            ws,
            scaled(args.scale, directory=False),
            seed=args.seed,
            report=lambda text: print(text, flush=True),
        )
    finally:
        ws.close()
    elapsed = time.perf_counter() - started
    size = path.stat().st_size
    print(f"Generated {path} in {elapsed:.1f} s, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
