"""The unit x hamlet assignment table of one plan."""

from desktop_app.domain.plans import Assignment
from desktop_app.ui.common.table_model import Column, RowsTableModel


def _unit(a: Assignment) -> str:
    return f"{a.prefix} {a.unit.name}".strip()


def _hamlets(a: Assignment) -> str:
    return ", ".join(h.name for h in a.hamlets) or a.note


class AssignmentsTableModel(RowsTableModel[Assignment]):
    COLUMNS = (
        Column[Assignment]("Tên cơ quan, đơn vị", _unit, width=260),
        Column[Assignment]("Phụ trách xóm", _hamlets),
        Column[Assignment](
            "Số xóm",
            lambda a: str(len(a.hamlets)),
            sort=lambda a: len(a.hamlets),
            align_center=True,
            width=70,
        ),
    )
