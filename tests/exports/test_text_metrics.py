"""Text widths in Times New Roman, and the row heights the sheets get from them."""

from desktop_app.exports.text_metrics import excel_text_width_pt, text_width_pt, wrapped_lines


def test_widths_follow_the_font() -> None:
    # "0" is half an em in Times New Roman; "Ư" is wider than "U".
    assert text_width_pt("00", 11) == 11
    assert text_width_pt("Ư", 14) > text_width_pt("U", 14)
    assert text_width_pt("ĐẢNG", 15, bold=True) > text_width_pt("ĐẢNG", 15)


def test_wrapping_counts_lines_word_by_word() -> None:
    room = excel_text_width_pt(30)  # an Excel column 30 wide: about 156 points of text
    assert 150 < room < 160
    assert wrapped_lines("Phòng Kinh tế", room, 11) == 1
    # Seven short words fill a line; the eighth opens a second one, not a third.
    words = "Rà soát hộ nghèo trên địa bàn xã năm nay"
    assert text_width_pt(words, 11) > room
    assert wrapped_lines(words, room, 11) == 2
    assert wrapped_lines("a\nb\n\nc", room, 11) == 4  # the text's own breaks count
    assert wrapped_lines("x" * 200, room, 11) == 7  # one word wider than the cell is cut
    # "chuyển đổi số chuyển đổi số" is 125 pt; one more word would pass 156 pt: six words a
    # line, 120 words in 20 lines.
    long_text = " ".join(["chuyển đổi số"] * 40)
    assert wrapped_lines(long_text, room, 11) == 20
