"""Work reports: the review is status, the plan's goals are for the report's year."""

from policykg.ingest.work_report import report_frame

from .helpers import ingest_snippet

REPORT = ("各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n"
          "一、2023年工作回顾\n2023年，全市地区生产总值增长5.8%，规上工业增加值增长7.1%。\n"
          "二、2024年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人以上。\n"
          "（一）加快产业升级。新培育专精特新企业50家，到2025年高新技术企业达到800家。\n")


def test_the_review_gives_no_targets_and_the_plan_takes_the_report_year():
    doc = ingest_snippet(REPORT)
    targets = {(t.value, t.year) for t in doc.targets()}
    assert (5.8, 2023) not in targets and not any(t.value in (5.8, 7.1) for t in doc.targets())
    assert {(6, 2024), (50, 2024), (800, 2025)} <= targets


def test_the_report_year_is_the_year_after_the_review_when_the_plan_names_none():
    text = "我代表市人民政府报告工作。2023年，在市委坚强领导下，我们奋力拼搏。" + "各项事业取得新成效。" * 30 \
        + "今年政府工作的总体要求是：稳中求进。"
    frame = report_frame(text)
    assert frame.year == 2024 and text[frame.plan_start:].startswith("今年政府工作")


def test_a_report_that_opens_with_its_review_heading_is_a_report():
    assert report_frame("2023年工作回顾\n刚刚过去的2023年，我们奋力拼搏。" + "成效明显。" * 60 + "2024年工作安排\n") .year == 2024


def test_other_documents_have_no_report_frame():
    assert report_frame("各县（市、区）人民政府：现将《实施方案》印发给你们，请认真贯彻落实。") is None


def test_a_numbered_heading_is_no_document_title():
    assert ingest_snippet(REPORT).meta.title is None
