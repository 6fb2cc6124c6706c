from policykg.ingest.clean import build_paragraphs, separate_noise
from policykg.ingest.text import MappedText, join_wrapped, split_lines


def paragraphs(text: str) -> list[str]:
    return [p.text.text for p in build_paragraphs(split_lines(text))]


def test_pdf_line_wrap_between_cjk_characters_is_joined_without_a_trace():
    assert paragraphs("全市“双师型”教师占专业课教师总数的比\n\n 例达到 50%以上。\n") == ["全市“双师型”教师占专业课教师总数的比例达到 50%以上。"]


def test_a_sentence_end_followed_by_a_new_line_starts_a_paragraph():
    assert paragraphs("第一段结束。\n第二段开始，\n继续。") == ["第一段结束。", "第二段开始，继续。"]


def test_numbered_item_always_starts_a_paragraph_even_after_a_wrap():
    assert paragraphs("未完的句子\n2. 创新产教融合模式。内容") == ["未完的句子", "2. 创新产教融合模式。内容"]


def test_page_numbers_are_dropped_and_the_sentence_rejoined():
    assert paragraphs("利用信\n- 11 -\n息化手段。\n— 12 —") == ["利用信息化手段。"]


def test_word_bookmarks_are_removed_from_headings():
    assert paragraphs("[bookmark: _Toc57970922]一、总体要求") == ["一、总体要求"]


def test_wrapped_english_words_keep_their_space():
    original = "see the\npolicy"
    parts = [MappedText.of(original, 0, 7), MappedText.of(original, 8, 14)]
    assert join_wrapped(parts).text == "see the policy"


def test_heading_on_its_own_line_is_a_paragraph():
    assert paragraphs("（一）指导思想\n坚持以人民为中心，\n推进改革。") == ["（一）指导思想", "坚持以人民为中心，推进改革。"]


NEWS = """（一）创新机制
1. 改革办学模式。力争建成一批基地。
定力 魄力 活力
(上接第1版)
“制造大市”与“制造强市”一字之差。
去年8月,某项目投产,全面加强和上海松江、徐
2. 创新产教融合模式。聚焦重点行业。
（二）营造氛围。办好活动周。
近日,某县公安局民警宣讲禁毒知识。
通讯员 张三摄
某市打造新高地
(上接第1版)
3月,成功举办论坛。
"""


def test_interleaved_newspaper_articles_are_set_aside_until_numbering_resumes():
    kept, noise = separate_noise(build_paragraphs(split_lines(NEWS)))
    kept_text = [p.text.text for p in kept]
    dropped = " ".join(n.text for n in noise)
    assert "2. 创新产教融合模式。聚焦重点行业。" in kept_text
    assert "（二）营造氛围。办好活动周。" in kept_text
    for fragment in ("定力 魄力 活力", "(上接第1版)", "制造大市", "上海松江", "禁毒", "通讯员 张三摄", "新高地", "举办论坛"):
        assert fragment in dropped
        assert all(fragment not in k for k in kept_text)


def test_photo_caption_before_a_credit_is_noise_but_numbered_text_never_is():
    kept, noise = separate_noise(build_paragraphs(split_lines("1. 加强领导。做好工作。\n记者 李四摄\n")))
    assert [p.text.text for p in kept] == ["1. 加强领导。做好工作。"]
    assert [n.text for n in noise] == ["记者 李四摄"]


def test_noise_spans_point_at_the_original_text():
    _, noise = separate_noise(build_paragraphs(split_lines(NEWS)))
    for n in noise:
        assert NEWS[n.span.start : n.span.end].replace("\n", "").startswith(n.text[:5])


def test_a_closing_responsibility_note_ends_its_paragraph():
    text = "1. 推进改革。加快建设。（市教育局牵头，各县（市、区）人民政府配合，2024年底前完成）\n某市打造新高地\n(上接第1版)\n新闻内容。\n2. 深化合作。内容。"
    kept, noise = separate_noise(build_paragraphs(split_lines(text)))
    assert kept[0].text.text.endswith("完成）")
    assert "新高地" in " ".join(n.text for n in noise)


def test_a_news_lead_after_a_responsibility_line_is_noise():
    text = ("（四）完善医保支付。省级财政每年安排专项资金5亿元。\n责任单位：省医保局、省财政厅\n"
            "本报讯（记者 李明）昨日，某社区举办文化节，现场200余名居民参加。\n"
            "（五）推进信息化建设。建成统一平台。\n")
    kept, noise = separate_noise(build_paragraphs(split_lines(text)))
    kept_text = [p.text.text for p in kept]
    assert kept_text == ["（四）完善医保支付。省级财政每年安排专项资金5亿元。", "责任单位：省医保局、省财政厅",
                         "（五）推进信息化建设。建成统一平台。"]
    assert [n.text[:3] for n in noise] == ["本报讯"]


def test_web_page_chrome_and_space_entities_are_dropped_with_offsets_kept():
    text = ("首页 > 政务公开 > 政策文件\n发布时间：2024-02-26  来源：市政府办公室\n"
            "（一）提升商圈。&nbsp;推进改造。（市商务局（牵头）、市财政局）\n本方案自印发之日起施行。\n"
            "【打印本页】&nbsp;&nbsp;【关闭窗口】\n主办：市人民政府办公室  承办：市大数据中心  鄂ICP备05003309号\n")
    paras = build_paragraphs(split_lines(text))
    got = [p.text.text for p in paras]
    assert got == ["（一）提升商圈。推进改造。（市商务局（牵头）、市财政局）", "本方案自印发之日起施行。"]
    p = paras[0].text
    assert text[p.origin(0) : p.origin(0) + 3] == "（一）"
    assert text[p.origin(len(p.text) - 1)] == "）"
