"""What PackageRows keeps of each row for the merge, so the merge need not parse it again."""

import json

from desktop_app.storage.package import PackageRows, version_key


def _row(n: int, *, deleted: bool = False) -> dict[str, object]:
    return {
        "id": f"r{n}",
        "updated_at": f"2026-01-{n % 28 + 1:02d}T00:00:00.000000Z",
        "device_id": "pc-a" if n % 2 else "pc-b",
        "deleted_at": "2026-02-01T00:00:00.000000Z" if deleted else None,
        "text": f"dòng {n}",
    }


def test_each_row_keeps_its_version_and_whether_it_is_deleted_in_its_place() -> None:
    rows = [_row(n, deleted=n % 3 == 0) for n in range(1300)]  # across blocks
    kept = PackageRows(rows)
    assert list(kept) == rows
    for i, row in enumerate(rows):
        assert kept.versions[i] == version_key(row["id"], row["updated_at"], row["device_id"])
        assert kept.tombstones[i] == (row["deleted_at"] is not None)
    assert kept.newest == max(str(r["updated_at"]) for r in rows)


def test_rows_dropped_take_their_facts_with_them() -> None:
    rows = [_row(n) for n in range(40)]
    kept = PackageRows(rows)
    kept.keep(lambda r: int(str(r["id"])[1:]) % 4 == 0)
    left = [r for r in rows if int(str(r["id"])[1:]) % 4 == 0]
    assert list(kept) == left
    assert list(kept.versions) == [
        version_key(r["id"], r["updated_at"], r["device_id"]) for r in left
    ]
    assert len(kept.tombstones) == len(left)
    assert kept.newest == max(str(r["updated_at"]) for r in left)


def test_the_same_version_has_the_same_key_and_another_does_not() -> None:
    a = version_key("r1", "2026-01-01T00:00:00.000000Z", "pc-a")
    assert a == version_key("r1", "2026-01-01T00:00:00.000000Z", "pc-a")
    assert a != version_key("r1", "2026-01-01T00:00:00.000001Z", "pc-a")
    assert a != version_key("r1", "2026-01-01T00:00:00.000000Z", "pc-b")
    assert a != version_key("r2", "2026-01-01T00:00:00.000000Z", "pc-a")


def test_rows_kept_stay_unchecked_if_the_reader_left_them_so() -> None:
    # A row the reader did not put to the rules (held here in that version) must still be
    # checked if the merge comes to write it, whatever filter kept it.
    rows = PackageRows()
    for n in range(3):
        row = {"id": f"r{n}", "updated_at": "2026-01-01T00:00:00.000000Z", "device_id": "pc"}
        rows.append_line(json.dumps(row).encode(), row, checked=n != 1)
    rows.finish()
    rows.keep(lambda row: row["id"] != "r0")
    assert [r["id"] for r in rows] == ["r1", "r2"]
    assert list(rows.unchecked) == [1, 0]
