import pytest
from policykg.ingest.deadlines import inline_deadline, parse_deadline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2022 年 12 月", (2022, 12, "date")), ("2021 年 6月", (2021, 6, "date")), ("2021年", (2021, None, "date")),
     ("2022年底前", (2022, 12, "date")), ("2023年上半年", (2023, 6, "date")), ("持续推进", (None, None, "ongoing")),
     ("长期坚持", (None, None, "ongoing")), ("“十四五”期间", (2025, 12, "period")), ("十四五末", (2025, 12, "period")),
     ("2021—2025年", (2025, 12, "period")), ("5月底完成", (2022, 5, "date")), ("", (None, None, "none")),
     ("每季度", (None, None, "ongoing")), ("每月调度", (None, None, "ongoing")), ("每年12月底前", (None, None, "ongoing")),
     ("年内完成", (2022, 12, "date")), ("年底前", (2022, 12, "date")), ("上半年", (2022, 6, "date")),
     ("三季度末", (2022, 9, "date")), ("2023年9月30日前", (2023, 9, "date"))],
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [("推进数据共享。（责任单位：市发展改革委；完成时限：2024年12月底前）", (2024, 12)),
     ("2024年6月底前，建成县域医共体信息平台。", (2024, 6)),
     ("建立工作专班，2023年9月30日前报送方案。", (2023, 9)),
     ("完善机制。（牵头单位：市商务局；时间节点：年内完成）", (2023, 12))],
)
def test_inline_deadline_wordings_of_other_layouts(text, expected):
    d = inline_deadline(text, doc_year=2023)
    assert (d.year, d.month, d.kind) == (*expected, "date")


def test_a_target_year_is_not_a_deadline():
    assert inline_deadline("到2025年，数字经济核心产业增加值占比达到10%。").kind == "none"


@pytest.mark.parametrize(
    ("text", "month"),
    [("6月30日前完成隐患排查。", 6), ("第三季度完成评估。", 9), ("本年度内完成整改。", 12), ("年底前完成验收。", 12)],
)
def test_inline_deadlines_without_a_written_year_fall_in_the_documents_year(text, month):
    d = inline_deadline(text, doc_year=2023)
    assert (d.year, d.month, d.kind) == (2023, month, "date")


def test_a_span_of_years_is_not_this_years_deadline():
    assert inline_deadline("依托龙头企业3年内建成20家培养基地。", doc_year=2023).kind == "none"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2024年3月至2024年12月", (2024, 12, "date")), ("2024年3月—6月", (2024, 6, "date")),
     ("2024年三季度", (2024, 9, "date")), ("2024年第二季度", (2024, 6, "date"))],
)
def test_month_ranges_are_due_at_their_end_and_quarters_at_their_last_month(raw, expected):
    d = parse_deadline(raw, doc_year=2023)
    assert (d.year, d.month, d.kind) == expected


def test_a_written_year_is_kept_before_a_completion_verb():
    d = inline_deadline("建成平台，2024年9月30日前完成。", doc_year=2023)
    assert (d.year, d.month) == (2024, 9)
    assert inline_deadline("确保项目6月30日前完工。", doc_year=2023).month == 6
    assert inline_deadline("加强监管。（市商务局负责，常态化开展）").kind == "ongoing"


def test_a_start_date_is_ongoing_from_then_not_due_by_then():
    assert parse_deadline("2025年起", doc_year=2024).kind == "ongoing"
    assert parse_deadline("2024年底前", doc_year=2024).kind == "date"


def test_school_terms_and_going_live():
    assert inline_deadline("秋季开学前完成校舍迁建。", doc_year=2024).month == 9
    assert inline_deadline("10月底前上线统一平台。", doc_year=2024).month == 10


@pytest.mark.parametrize(("text", "expected"), [
    ("确保2020年3月初全省口罩日产能达到1000万只", (2020, 3, "date", False)),
    ("贷款期限延期至2020年6月30日", (2020, 6, "date", False)),
    ("上述举措执行期自发布之日起至2020年12月底", (2020, 12, "date", False)),
    ("9月底取得阶段性成效并持续推进", (2024, 9, "date", True)),
    ("（持续优化，牵头单位：市营商办）", (None, None, "ongoing", False)),
    ("（按进度推进，责任单位：市住建局）", (None, None, "ongoing", False)),
    ("2024年底前建成投用", (2024, 12, "date", False)),
    ("截至2023年12月底，已建成站点50个", (None, None, "none", False)),
])
def test_ends_milestones_and_ongoing_wordings_anywhere_in_a_note(text, expected):
    d = inline_deadline(text, 2024)
    assert (d.year, d.month, d.kind, d.ongoing) == expected
