"""Field-by-field differences of a stored record, in the clerk's words."""

from desktop_app.domain.record_changes import field_changes

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
