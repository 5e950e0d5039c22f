"""The lines a progress sheet's text takes, counted once per text and column and kept.

The counts decide each row's height: a text counted from the cache must take the lines a
fresh count gives, and a full cache must keep the texts met lately (a big office's unit
lists come back plans later), not start empty.
"""

import pytest

from desktop_app.exports import progress_sheet
from desktop_app.exports.text_metrics import excel_text_width_pt, wrapped_lines

WIDTH = 16  # the lead and support columns


def _fresh(text: str) -> int:
    return wrapped_lines(text, excel_text_width_pt(WIDTH), progress_sheet.SIZE)


def test_a_full_column_keeps_its_newer_half(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_sheet, "_COUNTED_KEPT", 8)
    monkeypatch.setattr(progress_sheet, "_COUNTED", {})
    texts = [f"Ủy ban Mặt trận Tổ quốc xã và {n} chi hội cựu chiến binh" for n in range(9)]
    counted = progress_sheet._counted(WIDTH, False)
    for text in texts:
        assert progress_sheet._lines(text, WIDTH, False) == _fresh(text)
    # The ninth text found eight: the four older ones went, the four newer ones stay.
    assert list(counted) == texts[4:]
    for text in texts:  # counted again or taken from the cache, the same lines
        assert progress_sheet._lines(text, WIDTH, False) == _fresh(text)
    assert len(counted) <= 8


def test_each_column_and_weight_counts_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_sheet, "_COUNTED", {})
    text = "Văn phòng HĐND và UBND, Công an xã, Ban Chỉ huy Quân sự xã, Trạm Y tế xã"
    narrow = progress_sheet._lines(text, WIDTH, False)
    wide = progress_sheet._lines(text, 42, False)
    bold = progress_sheet._lines(text, WIDTH, True)
    assert narrow == _fresh(text)
    assert wide == wrapped_lines(text, excel_text_width_pt(42), progress_sheet.SIZE)
    assert bold == wrapped_lines(text, excel_text_width_pt(WIDTH), progress_sheet.SIZE, bold=True)
    assert narrow > wide
