from policykg.ingest.gazetteer import gazetteer

from tests.helpers import ingest_snippet

NOTICE = """ 樟 树 市 人 民 政 府 文 件
樟府发〔2020〕13 号

樟树市人民政府
关于印发樟树市职业教育综合改革

实施方案的通知

经 2020 年 12 月 9 日市政府常务会议审议通过，现印发给你们。

2020 年 12 月 17 日

（此件主动公开）
 樟树市职业教育综合改革实施方案

根据《意见》（赣府发〔2020〕16 号）和《通知》（宜府发〔2020〕13 号）要求，制定本方案。
一、主要任务
1.加强领导。落实责任（依据人社部发〔2021〕39号）。
"""


def test_header_gives_issuer_number_title_date_and_region():
    m = ingest_snippet(NOTICE).meta
    assert (m.issuer, m.doc_number, m.title) == ("樟树市人民政府", "樟府发〔2020〕13号", "樟树市职业教育综合改革实施方案")
    assert m.issued_date == "2020-12-17"  # the signing date, not the meeting date
    assert (m.region, m.region_level, m.parent_region, m.province) == ("樟树市", "county", "宜春市", "江西省")


def test_cites_come_from_the_preamble_and_exclude_the_own_number():
    assert ingest_snippet(NOTICE).meta.cites == ["赣府发〔2020〕16号", "宜府发〔2020〕13号"]


def test_release_note_names_the_issuers():
    text = "江西省深化职业教育改革的若干措施\n近日,中共江西省委办公厅、江西省人民政府办公厅印发了《江西省深化职业教育改革的若干措施》。\n一、目标要求\n"
    m = ingest_snippet(text).meta
    assert m.issuer == "中共江西省委办公厅、江西省人民政府办公厅" and (m.region, m.region_level) == ("江西省", "province")


def test_bare_task_list_is_placed_by_the_places_and_units_it_names():
    text = "附件\n工作任务清单\n序号 任务内容 责任部门 完成时限\n1 支持九江职业大学建设。\n市教育局、各县（市、区）人民政府 2022年\n" \
        "2 完成九江卫生学校新校区建设。\n市卫健委、湖口县 2021年\n3 建设九江市实训基地。\n市人社局 2022年\n"
    m = ingest_snippet(text).meta
    assert (m.region, m.region_level, m.province, m.parent_region) == ("九江市", "prefecture", "江西省", None)


def test_gazetteer_knows_levels_across_provinces():
    gz = gazetteer()
    assert gz["江阴市"][0].parent == "无锡市" and gz["江阴市"][0].level == "county"
    assert gz["郴州市"][0].level == "prefecture" and gz["郴州市"][0].province == "湖南省"
    assert gz["海淀区"][0].province == "北京市"


def test_a_district_office_is_placed_in_the_district_not_its_city():
    text = "杭州市拱墅区人民政府办公室\n拱墅区2023年污染防治攻坚任务清单\n一、大气污染防治\n1. 推进治理。\n"
    m = ingest_snippet(text).meta
    assert (m.region, m.region_level, m.parent_region, m.province) == ("拱墅区", "county", "杭州市", "浙江省")


def test_a_notice_is_titled_by_its_own_subject_line():
    text = ("湖南省人民政府办公厅文件\n湘政办发〔2023〕18号\n湖南省人民政府办公厅\n"
            "关于加快推进紧密型县域医疗卫生共同体建设的通知\n各市州人民政府：\n一、明确工作目标\n")
    assert ingest_snippet(text).meta.title == "关于加快推进紧密型县域医疗卫生共同体建设的通知"


def test_full_width_digits_in_a_title_are_made_half_width_but_brackets_kept():
    text = "四川省人民政府\n四川省全民健身实施计划（２０２１—２０２５年）\n一、总体要求\n"
    assert ingest_snippet(text).meta.title == "四川省全民健身实施计划（2021—2025年）"


def test_joint_issuers_set_apart_by_a_space_and_a_bracketed_date_under_the_number():
    text = ("中共江西省委　江西省人民政府\n关于加快建设创新型省份的若干意见\n赣发〔2022〕12号\n（2022年9月15日）\n"
            "为深入实施创新驱动发展战略，提出如下意见。\n第一条 加大研发投入。\n")
    m = ingest_snippet(text).meta
    assert (m.issuer, m.issued_date, m.region) == ("中共江西省委、江西省人民政府", "2022-09-15", "江西省")
