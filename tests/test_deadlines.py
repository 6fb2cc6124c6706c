import pytest
from policykg.ingest.deadlines import inline_deadline, parse_deadline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2022 年 12 月", (2022, 12, "date")), ("2021 年 6月", (2021, 6, "date")), ("2021年", (2021, None, "date")),
     ("2022年底前", (2022, 12, "date")), ("2023年上半年", (2023, 6, "date")), ("持续推进", (None, None, "ongoing")),
     ("长期坚持", (None, None, "ongoing")), ("“十四五”期间", (2025, 12, "period")), ("十四五末", (2025, 12, "period")),
     ("2021—2025年", (2025, 12, "period")), ("5月底完成", (2022, 5, "date")), ("", (None, None, "none"))],
)
def test_deadline_wordings(raw, expected):
    d = parse_deadline(raw, doc_year=2022)
    assert (d.year, d.month, d.kind) == expected


def test_raw_deadline_is_kept_without_layout_spaces():
    assert parse_deadline("2022 年 12 月").raw == "2022年12月"


def test_inline_deadlines_inside_measure_text():
    assert inline_deadline("出台实施办法，2022年底前完成。").year == 2022
    assert inline_deadline("建立工作台账，5月底完成。", doc_year=2023).month == 5
    assert inline_deadline("加强宣传。（长期坚持）").kind == "ongoing"
    assert inline_deadline("2022年全市所有学校达到标准。").kind == "none"
