"""The exchange dialogs' table and tree models: model tester, texts, sizes."""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.record_changes import FieldChange
from desktop_app.storage.merge_plan import ItemKind, Side
from desktop_app.ui.exchange.exchange_models import (
    BackupsTableModel,
    HistoryFieldsTableModel,
    HistoryTableModel,
    MergeFieldsTableModel,
    PlanChoiceTableModel,
    ProblemsTableModel,
    size_text,
)
from desktop_app.ui.exchange.merge_models import CHOICE_LABELS, MergeTreeModel
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.exchange.helpers import (
    NOTE_A,
    NOTE_B,
    unit_of,
)

pytestmark = pytest.mark.gui


def test_merge_tree_model(
    qtmodeltester: ModelTester, pcs: tuple[Workspace, Workspace], usb: Path
) -> None:
    a, b = pcs
    units = a.directory.units()
    a.directory.save_unit(replace(units[0], note=NOTE_A))
    b.directory.save_unit(replace(unit_of(b, units[0].id), note=NOTE_B))
    a.directory.save_unit(replace(units[1], note=NOTE_A))
    a.plans.delete(sample_plan_id(a, "tan_ky"))
    a.exchange.pack(usb / "goi.skh")
    merge = b.exchange.preview(usb / "goi.skh").merge
    model = MergeTreeModel(merge.items)
    qtmodeltester.check(model)
    assert model.index(0, 0).data().startswith("Đơn vị — 2 bản ghi: 1 xung đột, 1 sửa")
    assert model.index(0, 0, model.index(0, 0)).data() == "Xung đột"
    assert model.index(1, 0, model.index(0, 0)).data() == "Sửa"
    kinds = {model.index(r, 0).data().split(" — ")[0] for r in range(model.rowCount())}
    assert "Kế hoạch" in kinds
    assert model.total_count() == len(merge.items)
    assert model.conflict_count() == 1

    conflict = model.index(0, MergeTreeModel.COL_CHOICE, model.index(0, 0))
    assert model.flags(conflict) & Qt.ItemFlag.ItemIsEditable
    change = model.index(1, MergeTreeModel.COL_CHOICE, model.index(0, 0))
    assert not model.flags(change) & Qt.ItemFlag.ItemIsEditable
    assert change.data() == ""
    assert model.setData(conflict, Side.INCOMING.value)
    assert conflict.data() == CHOICE_LABELS[Side.INCOMING]
    assert not model.setData(change, Side.INCOMING.value)
    model.set_all_choices(Side.LOCAL)
    assert conflict.data() == CHOICE_LABELS[Side.LOCAL]
    assert model.kept_local_count() == 1

    model.set_filter("khong co gi nhu the")
    assert model.rowCount() == 0
    model.set_filter("", ItemKind.DELETE)
    qtmodeltester.check(model)
    assert model.shown_count() == sum(i.kind is ItemKind.DELETE for i in merge.items) > 0
    assert model.index(0, 0).data() == "Kế hoạch — 1 bản ghi: 1 xóa"


def test_table_models(qtmodeltester: ModelTester, samples: Workspace, usb: Path) -> None:
    plans = PlanChoiceTableModel()
    plans.set_rows(samples.plans.summaries())
    qtmodeltester.check(plans)
    first = plans.index(0, 0)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    plans.set_checked([samples.plans.summaries()[0].id])
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    fields = [FieldChange("note", "Ghi chú", "bây giờ", "khi đó")]
    for model in (MergeFieldsTableModel(), HistoryFieldsTableModel()):
        model.set_rows(fields)
        qtmodeltester.check(model)
        assert model.index(0, 2).data() == "khi đó"

    samples.exchange.backup_now()
    backups = BackupsTableModel()
    backups.set_rows(samples.exchange.backups())
    qtmodeltester.check(backups)
    assert backups.index(0, BackupsTableModel.COL_SIZE).data().endswith("KB")

    unit = samples.directory.units()[0]
    samples.directory.save_unit(replace(unit, note="đổi"))
    history = HistoryTableModel()
    history.set_rows(samples.exchange.history())
    qtmodeltester.check(history)
    assert history.index(0, HistoryTableModel.COL_TIME).data() == (
        samples.exchange.history()[0].replaced_at.strftime("%d/%m/%Y %H:%M")
    )

    samples.store.conn.execute("DELETE FROM plan_search")
    problems = ProblemsTableModel()
    problems.set_rows(samples.exchange.check_db().problems)
    qtmodeltester.check(problems)
    assert problems.rowCount() == 1


def test_size_text() -> None:
    assert size_text(100) == "1 KB"
    assert size_text(61_440) == "60 KB"
    assert size_text(1_258_291) == "1,2 MB"
