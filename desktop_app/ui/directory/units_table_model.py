"""The units list of the Đơn vị tab."""

from desktop_app.domain.text import vn_sort_bytes
from desktop_app.domain.units import UNIT_KIND_LABELS, Unit
from desktop_app.ui.common.table_model import Column, RowsTableModel


class UnitsTableModel(RowsTableModel[Unit]):
    COLUMNS = (
        Column[Unit](
            "Tên cơ quan, đơn vị", lambda u: u.name, sort=lambda u: vn_sort_bytes(u.name), width=380
        ),
        Column[Unit]("Tên ngắn", lambda u: u.short_name, width=220),
        Column[Unit]("Viết tắt", lambda u: u.abbreviation, align_center=True, width=80),
        Column[Unit]("Loại", lambda u: UNIT_KIND_LABELS[u.kind], width=150),
        Column[Unit](
            "Tình trạng",
            lambda u: "Hoạt động" if u.active else "Ngừng",
            foreground=lambda u: None if u.active else "#777777",
        ),
    )
