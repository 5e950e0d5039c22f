import io
import json
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main


def test_agenda_for_december_2026_lists_the_campaign_day_and_monthly_reports(
    samples_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ics = tmp_path / "thang12.ics"
    args = ["--db", str(samples_path), "agenda", "--from", "01/12/2026", "--to", "31/12/2026"]
    assert main([*args, "--today", "23/11/2026", "--json", "--ics", str(ics)]) == 0
    data = json.loads(capsys.readouterr().out)
    found = {
        (i["date"], i["label"] if i["kind"] == "event" else i["deadline"]) for i in data["items"]
    }
    assert ("2026-12-05", "Đợt 13") in found
    assert ("2026-12-05", "trước ngày 05 hàng tháng") in found
    assert ("2026-12-10", "trước ngày 10 hàng tháng") in found
    assert all(i["state"] == "due" for i in data["items"])
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Đợt 13".encode() in ics.read_bytes()

    assert main([*args, "--today", "23/11/2026"]) == 0
    text = capsys.readouterr().out
    assert "Thứ Bảy, 05/12/2026 (âm lịch 27/10)" in text
    assert "Đợt 13" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "31/02/2026"], "không có trên lịch"),
        (["--from", "10/12/2026", "--to", "01/12/2026"], "đứng trước"),
        (["--plan", "99-KH/XX"], "Không tìm thấy"),
    ],
)
def test_agenda_refuses_bad_input_in_vietnamese(
    samples_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["--db", str(samples_path), "agenda", *extra]) == 2
    assert message in capsys.readouterr().err


def test_agenda_piped_into_a_closed_reader_ends_quietly(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["--db", str(samples_path), "agenda", "--from", "01/12/2026"]) == 0
