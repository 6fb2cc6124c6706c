import pytest
from policykg.ingest.tables import find_task_list, split_units
from policykg.ingest.text import split_lines

MARKDOWN = """附件
某市任务清单

| 序号 | 主要任务内容 | 牵头部门 | 责任部门 |
|----|---|---|---|
| 1 | 优化高中阶段教育结构。 | 市教育局 | 市发改委、市财政局，各县市区人民政府 |
| 2 | 构建信息服务平台。 | 市人社局 市教育局 | 市工信局 |

| 序号 | 主要任务内容 | 牵头部门 | 责任部门 |
|----|--|------|---|
| 3 | 建立产教对接机制。 | 市工信局 | 市科技局 |

抄送：市委各部门。
"""


def test_markdown_tables_split_over_pages_with_repeated_headers():
    tl = find_task_list(split_lines(MARKDOWN))
    assert tl and tl.layout == "markdown" and [r.seq for r in tl.rows] == [1, 2, 3]
    assert tl.rows[1].lead.text == "市人社局 市教育局"
    assert tl.rows[0].dept.text == "市发改委、市财政局，各县市区人民政府"
    assert tl.title == "某市任务清单"


TABBED = "附件\n工作任务清单\n\t序号\n\t重点工作\n\t任务目标\n\t量化指标\n\t责任部门\n\t完成时限\n\n" \
    "\t1\n\t健全体系\n\t夯实基础\n\t全市中职学校全部达标。\n\t各县（市、区）人民政府\n\t2022年\n\n" \
    "\t2\n\t\n\t\n\t加快新校区建设。\n\n\t市卫健委\n\t2021年\n\n" \
    "\t3\n\t\n\t打造高地\n\t支持学院升格。\n\t市教育局\n\t2022年\n\n" \
    "\t4\n\t深化融合\n\t\n\t建立协调机制。\n\t市教育局\n\t2021年\n"


def test_empty_cell_inherits_group_from_row_above():
    rows = find_task_list(split_lines(TABBED)).rows
    assert [(r.seq, r.group, r.subgroup) for r in rows] == [
        (1, "健全体系", "夯实基础"), (2, "健全体系", "夯实基础"), (3, "健全体系", "打造高地"), (4, "深化融合", None)]


def test_stray_blank_line_inside_a_tabbed_row_does_not_shift_cells():
    row = find_task_list(split_lines(TABBED)).rows[1]
    assert row.dept.text == "市卫健委" and row.deadline.text == "2021年"


WRAPPED_GROUP = "\t工程名称\n\t主　　要　　任　　务\n\t责任单位\n\t完成年限\n\n" \
    "\t（一）\n立德树人\n基础工程\n\t1．建立党建工作制度。\n\t宣传部、市委教育工委\n\t2021年\n\n" \
    "\t\n\t2．每年表彰100名学生。\n\t教育局\n\t持续推进\n"


def test_wrapped_group_cell_is_joined_and_inline_task_numbers_become_seq():
    rows = find_task_list(split_lines(WRAPPED_GROUP)).rows
    assert [(r.seq, r.group, r.task.text) for r in rows] == [
        (1, "（一）立德树人基础工程", "建立党建工作制度。"), (2, "（一）立德树人基础工程", "每年表彰100名学生。")]


FLAT = """附件
某市工作任务清单
序号 政策内容 责任部门 完成时限
1
落实党对职业教育的全面领导。落实立德树人根本任务,
加强工匠精神教育。
市教体局、市人社局 持续推进
2
科学规划学校布局，确定学校数量、
规模。
市教体局、市发改委、市人社
局、各乡镇（街道）
2022 年 12 月
3 出台社会资本参与职业教育的支持政策。
市财政局、市教体局
2021 年 6月
4
认定产教融合型企业不少于 2 家，获省级认定的企业不少于
1 家，在相关项目和资金方面给与优先安排及重点支持
市财政局、各乡镇（街道）
持续推进
"""


def test_flattened_pdf_rows_split_text_departments_and_deadline():
    rows = find_task_list(split_lines(FLAT)).rows
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[0].dept.text == "市教体局、市人社局" and rows[0].deadline.text == "持续推进"
    assert rows[1].dept.text == "市教体局、市发改委、市人社局、各乡镇（街道）"
    assert rows[1].deadline.text == "2022 年 12 月"
    assert rows[2].task.text == "出台社会资本参与职业教育的支持政策。"


def test_number_at_line_start_inside_a_row_is_not_a_new_row():
    rows = find_task_list(split_lines(FLAT)).rows
    assert rows[3].task.text.startswith("认定产教融合型企业不少于 2 家") and "1 家" in rows[3].task.text
    assert rows[3].dept.text == "市财政局、各乡镇（街道）"


def test_shared_suffix_in_county_list_is_not_split_inside_brackets():
    assert split_units("市教育局，各县（市、区）人民政府") == ["市教育局", "各县（市、区）人民政府"]
    assert split_units("湖口县、德安县、柴桑区人民政府") == ["湖口县", "德安县", "柴桑区人民政府"]


def test_one_row_per_line_tab_separated_list_with_two_task_like_columns():
    text = "序号\t重点任务\t具体措施\t责任单位\t完成时间\n1\t完善体系\t建设实训基地。\t市教育局\t2023年底\n" \
        "2\t\t开展技能大赛。\t市人社局\t长期坚持\n"
    rows = find_task_list(split_lines(text)).rows
    assert [(r.seq, r.group, r.task.text, r.dept.text, r.deadline.text) for r in rows] == [
        (1, "完善体系", "建设实训基地。", "市教育局", "2023年底"), (2, "完善体系", "开展技能大赛。", "市人社局", "长期坚持")]


def test_page_number_between_markdown_tables_does_not_end_the_list():
    text = MARKDOWN.replace("\n| 序号 | 主要任务内容 | 牵头部门 | 责任部门 |\n|----|--|", "\n- 5 -\n\n| 序号 | 主要任务内容 | 牵头部门 | 责任部门 |\n|----|--|", 1)
    assert "- 5 -" in text
    assert [r.seq for r in find_task_list(split_lines(text)).rows] == [1, 2, 3]


def test_a_wrapped_quantity_right_before_the_next_row_number_stays_in_its_row():
    text = ("序号 政策内容 责任部门 完成时限\n1\n建立制度。坚持问题导向。\n市教育局 持续推进\n"
            "2\n支持优质中职学校开展五年制高职教育。职业院校年培训人次与在校生规模之比不少于\n"
            "3 倍。\n市发改委、各职业院校\n2025 年 6 月\n3\n推进达标建设。\n市人社局 2024 年 6 月\n")
    rows = find_task_list(split_lines(text)).rows
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].task.text.endswith("3 倍。") and rows[1].dept.text == "市发改委、各职业院校"


TABBED_WITH_SECTIONS = (
    "序号\t任务名称\t工作措施\t责任单位\t完成时间\n一、大气污染防治\n"
    "1\t推进工业废气治理\t完成15家重点企业治理。\t区生态环境分局（牵头）、区经信局\t2023年10月前\n"
    "2\t强化扬尘管控\t落实建筑工地管控要求。\t区住建局\t持续推进\n二、水污染防治\n"
    "3\t推进零直排区建设\t完成5个小区创建。\t区治水办\t2023年11月底前\n"
)
MARKDOWN_WITH_CATEGORIES = (
    "| 序号 | 重点任务 | 具体措施 | 牵头单位 | 责任单位 | 完成时限 |\n| --- | --- | --- | --- | --- | --- |\n"
    "| 一、确保粮食安全 | | | | | |\n"
    "| 1 | 稳定粮食生产 | 落实粮食安全党政同责。 | 县农业农村局 | 县财政局 | 2024年底 |\n"
    "| 2 | 建设高标准农田 | 新建高标准农田3.5万亩。 | 县农业农村局 | 县水利局 | 2024年6月底前 |\n"
    "| 二、巩固脱贫成果 | | | | | |\n"
    "| 3 | 健全监测机制 | 开展常态化排查。 | 县乡村振兴局 | 县民政局 | 长期坚持 |\n"
)


@pytest.mark.parametrize("text", [TABBED_WITH_SECTIONS, MARKDOWN_WITH_CATEGORIES])
def test_category_lines_group_the_rows_below_and_a_per_row_name_column_titles_them(text):
    rows = find_task_list(split_lines(text)).rows
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].group == rows[1].group != rows[2].group
    assert rows[2].group in ("水污染防治", "巩固脱贫成果")
    assert rows[0].title in ("推进工业废气治理", "稳定粮食生产")
    assert rows[1].deadline.text in ("持续推进", "2024年6月底前")  # the category line is not glued onto a cell


def test_a_pdf_header_with_one_cell_per_line_still_opens_the_table():
    text = ("附件\n重点任务清单\n序号\n工作任务\n责任单位\n完成时限\n1\n新建改扩建中小学校12所，新增公\n办学位1.8万个\n"
            "区教育局、区住房和城乡\n建设局\n2025年12月\n2\n交流轮岗教师比例不低于10%\n区教育局、区委编办\n每年9月\n")
    rows = find_task_list(split_lines(text)).rows
    assert [r.seq for r in rows] == [1, 2]
    assert rows[0].dept.text == "区教育局、区住房和城乡建设局" and rows[0].deadline.text == "2025年12月"
    assert rows[1].dept.text == "区教育局、区委编办" and rows[1].deadline.text == "每年9月"


def test_leader_and_unit_of_measure_columns_are_read_past():
    leaders = ("| 序号 | 工作任务 | 责任领导 | 牵头单位 | 责任单位 | 完成时间 |\n| --- | --- | --- | --- | --- | --- |\n"
               "| 1 | 深化改革。 | 王建国（副市长） | 市政务服务办 | 市市场监管局、市税务局 | 2024年6月底前 |\n")
    (row,) = find_task_list(split_lines(leaders)).rows
    assert (row.lead.text, row.dept.text) == ("市政务服务办", "市市场监管局、市税务局")
    indicators = ("| 指标名称 | 单位 | 2022年基期值 | 2025年目标值 | 属性 |\n| --- | --- | --- | --- | --- |\n"
                  "| 研发经费投入强度 | % | 2.3 | 2.8 | 预期性 |\n")
    assert find_task_list(split_lines(indicators)) is None  # an indicator table assigns nobody


def test_a_one_line_row_wrapped_inside_its_task_cell_keeps_its_columns():
    text = ("序号\t主要任务\t责任单位\t完成时限\n1\t开展现状排查，建立台账。\t县生态环境分局\t2023年8月底前\n"
            "2\t编制治理方案，明确各村\n治理模式和建设时序\t县生态环境分局\t2023年10月底前\n3\t建设管网。\t县住建局\t2024年\n")
    rows = find_task_list(split_lines(text)).rows
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].task.text == "编制治理方案，明确各村治理模式和建设时序"
    assert (rows[1].dept.text, rows[1].deadline.text) == ("县生态环境分局", "2023年10月底前")


def test_every_task_list_of_a_document_is_found():
    from policykg.ingest.tables import find_task_lists

    text = ("附件1\n重点任务清单\n| 序号 | 工作任务 | 牵头单位 | 完成时限 |\n| --- | --- | --- | --- |\n"
            "| 1 | 老旧小区改造。 | 市住建局 | 2025年12月 |\n| 2 | 燃气管道更新。 | 市城管局 | 2024年6月底前 |\n\n"
            "附件2\n重点项目清单\n| 序号 | 项目名称 | 建设内容 | 责任单位 | 建设年限 |\n| --- | --- | --- | --- | --- |\n"
            "| 1 | 中心城区老旧小区改造项目 | 改造小区356个。 | 章贡区人民政府 | 2023—2025年 |\n")
    lists = find_task_lists(split_lines(text))
    assert [[r.seq for r in t.rows] for t in lists] == [[1, 2], [1]]
    assert lists[1].title == "重点项目清单"


def test_flattened_rows_with_separate_lead_and_co_columns():
    text = ("序号 重点任务 牵头单位 配合单位 完成时限\n1\n稳定粮食生产。全市粮食播种面积稳定在\n1400万亩以上。\n"
            "市农业农村局\n市财政局、市发改委\n2024年10月底\n2\n建设高标准农田。新建高标准农田45万亩，\n"
            "改造提升20万亩。\n市农业农村局\n市财政局、市水利局、市自然资源和规划局\n2024年12月底\n")
    rows = find_task_list(split_lines(text)).rows
    assert [(r.lead.text, r.dept.text, r.deadline.text) for r in rows] == [
        ("市农业农村局", "市财政局、市发改委", "2024年10月底"),
        ("市农业农村局", "市财政局、市水利局、市自然资源和规划局", "2024年12月底")]
    assert rows[1].task.text == "建设高标准农田。新建高标准农田45万亩，改造提升20万亩。"
