"""The hamlet list of the Xóm & phân công tab."""

from desktop_app.domain.text import natural_sort_bytes
from desktop_app.domain.units import HAMLET_KIND_LABELS, Hamlet
from desktop_app.ui.common.formatting import number_text
from desktop_app.ui.common.table_model import Column, RowsTableModel


class HamletsTableModel(RowsTableModel[Hamlet]):
    COLUMNS = (
        Column[Hamlet](
            "Tên xóm", lambda h: h.name, sort=lambda h: natural_sort_bytes(h.name), width=170
        ),
        Column[Hamlet]("Loại", lambda h: HAMLET_KIND_LABELS[h.kind], width=55),
        Column[Hamlet](
            "Số hộ",
            lambda h: number_text(h.households),
            sort=lambda h: h.households or 0,
            align_center=True,
            width=70,
        ),
        Column[Hamlet](
            "Nhân khẩu",
            lambda h: number_text(h.population),
            sort=lambda h: h.population or 0,
            align_center=True,
            width=80,
        ),
        Column[Hamlet]("Xã cũ", lambda h: h.former_commune, width=110),
    )
