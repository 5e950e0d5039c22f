"""Field-by-field differences of a stored record, in the clerk's words."""

import pytest

from desktop_app.domain.plans import AppendixKind, RecipientRole
from desktop_app.domain.record_changes import (
    _HIDDEN_COLUMNS,
    _NAMED_REFERENCES,
    CODED_COLUMNS,
    RECIPIENT_ROLE_WORDS,
    TABLE_LABELS,
    VALUE_LABELS,
    column_label,
    field_changes,
    shown_value,
    table_label,
)
from desktop_app.storage.package import TABLES, table_columns
from desktop_app.workspace import Workspace

COLUMNS = ("id", "title", "status", "system", "plan_date", "unit_id", "plan_id", "updated_at")


def test_changes_use_labels_names_and_dates_and_hide_ids_and_stamps() -> None:
    before = {
        "id": "p",
        "title": "Kế hoạch",
        "status": "issued",
        "system": "state",
        "plan_date": "2026-01-05",
        "unit_id": "u1",
        "plan_id": "x",
        "updated_at": "2026-01-05T00:00:00.000000Z",
    }
    after = before | {
        "status": "done",
        "system": "party",
        "plan_date": "2026-02-01",
        "unit_id": "u2",
        "plan_id": "y",
        "updated_at": "2026-02-01T00:00:00.000000Z",
    }
    names = {"u1": "Phòng Kinh tế", "u2": "Văn phòng"}
    changes = [
        (c.label, c.local, c.incoming)
        for c in field_changes("plans", before, after, COLUMNS, names)
    ]
    assert changes == [
        ("Trạng thái", "Đã ban hành", "Hoàn thành"),
        ("Hệ thống", "Chính quyền", "Đảng"),
        ("Ngày ban hành", "05/01/2026", "01/02/2026"),
        ("Đơn vị", "Phòng Kinh tế", "Văn phòng"),
    ]


def test_a_new_record_shows_only_what_it_holds_and_a_deletion_is_named() -> None:
    row = {"id": "p", "title": "Kế hoạch", "status": "draft", "system": "", "deleted_at": None}
    assert [c.label for c in field_changes("plans", None, row, COLUMNS, {})] == [
        "Tên/trích yếu",
        "Trạng thái",
    ]
    gone = row | {"deleted_at": "2026-01-01T00:00:00.000000Z"}
    assert [
        (c.label, c.local, c.incoming) for c in field_changes("plans", row, gone, COLUMNS, {})
    ] == [("Đã xóa", "không", "có")]


def _schema(workspace: Workspace) -> dict[str, list[str]]:
    """The columns of every table the history and the merge preview show."""
    return {t: list(table_columns(workspace.store.conn, t)) for t in TABLES}


def test_every_table_and_every_shown_column_of_the_schema_has_a_label(
    workspace: Workspace,
) -> None:
    schema = _schema(workspace)
    assert set(TABLE_LABELS) == set(schema)
    for table, columns in schema.items():
        assert table_label(table)
        for column in columns:
            hidden = column in _HIDDEN_COLUMNS or (
                column.endswith("_id") and column not in _NAMED_REFERENCES
            )
            if not hidden:
                assert column_label(column), (table, column)


def test_every_coded_column_of_the_schema_has_a_word_for_each_code(workspace: Workspace) -> None:
    schema = _schema(workspace)
    for table, columns in schema.items():
        for column in set(columns) & CODED_COLUMNS:
            assert (table, column) in VALUE_LABELS, (table, column)
    assert set(VALUE_LABELS) <= {(t, c) for t, cs in schema.items() for c in cs}
    assert VALUE_LABELS["recipients", "role"] is RECIPIENT_ROLE_WORDS
    for role in RecipientRole:
        assert shown_value("recipients", "role", role.value, {})
    for kind in AppendixKind:
        assert shown_value("appendices", "kind", kind.value, {})
    assert [shown_value("task_units", "role", r, {}) for r in ("lead", "support")] == [
        "chủ trì",
        "phối hợp",
    ]


def test_an_unknown_column_or_code_raises_instead_of_showing_itself() -> None:
    with pytest.raises(KeyError, match="no label for the column 'colour'"):
        field_changes("plans", None, {"colour": "red"}, ("colour",), {})
    with pytest.raises(KeyError, match="no label for the table 'colours'"):
        table_label("colours")
    with pytest.raises(KeyError, match=r"plans\.status: no label for the code 'lost'"):
        shown_value("plans", "status", "lost", {})
    with pytest.raises(KeyError, match=r"no labels for the codes of events\.kind"):
        shown_value("events", "kind", "x", {})
