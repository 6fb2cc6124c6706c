"""Web pages: the article of a government page, its tables, title and date; never the site's chrome."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from policykg.ingest.docx_text import _cell_text
from policykg.ingest.html_text import html_text
from policykg.ingest.pipeline import ingest_corpus
from policykg.ingest.read import ReadError
from policykg.ingest.table_text import join_cell_items

_NAV = """<div class="header"><div class="top-bar">今天是：<span id="today"></span>
<a href="/wza">无障碍</a> <a href="/old">长者模式</a> <a href="/login">登录</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjjj/">走进九江</a></li></ul></div></div>"""

_SIDEBAR = """<div class="right"><h3>相关链接</h3><ul>
<li><a href="/a/1.html">九江市人民政府关于加快发展现代职业教育的实施意见</a></li>
<li><a href="/a/2.html">《江西省职业教育改革实施方案》政策解读</a></li>
<li><a href="/a/3.html">市教育局2021年工作要点</a></li></ul></div>"""

_FOOTER = """<div class="footer"><p><a href="/map">网站地图</a> | <a href="/lxwm">联系我们</a> | <a href="/ys">隐私声明</a></p>
<p>主办单位：九江市人民政府办公室　承办单位：九江市大数据中心</p>
<p>网站标识码：3604000001　赣ICP备05004296号　赣公网安备 36040202000123号</p>
<p>版权所有：九江市人民政府</p></div>"""

_TASK_TABLE = """<table border="1" cellspacing="0">
<tbody>
<tr><td>序号</td><td>重点领域</td><td>工作任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td>1</td><td rowspan="2">产教融合</td><td>建设10个产教融合实训基地。</td><td>市教育局</td>
<td><p>市人社局</p><p>市财政局</p></td><td>2025年底前</td></tr>
<tr><td>2</td><td>培育5家产教融合型企业。</td><td>市发改委</td><td>市工信局</td><td>2023年底前</td></tr>
<tr><td>3</td><td>师资建设</td><td>每年培训教师500人次。</td><td>市教育局</td>
<td>市人社局<br>各县（市、区）人民政府</td><td>2022年底前</td></tr>
</tbody>
</table>"""

_ARTICLE_BODY = f"""<p style="text-indent:2em">各县（市、区）人民政府，市政府各部门：</p>
<p>　　经市政府同意，现将《九江市推进职业教育改革实施方案》印发给你们，请认真贯彻执行。</p>
<p style="text-align:right">九江市人民政府办公室<br>2021年3月1日</p>
<p>一、总体要求</p>
<p>　　坚持以习近平新时代中国特色社会主义思想为指导，到2025年，
全市建成10个产教融合实训基地。</p>
<p>二、重点任务</p>
<p>&nbsp;&nbsp;（一）深化产教融合。推动职业院校与企业共建专业，<span>每年新增</span><strong>订单班</strong>20个。</p>
<div>　　（二）加强师资建设。每年培训教师500人次。</div>
<p>三、保障措施</p>
<div>各地各部门要加强组织领导，确保各项任务落到实处。</div>
<p>附件：九江市推进职业教育改革任务清单</p>
<p align="center">九江市推进职业教育改革任务清单</p>
{_TASK_TABLE}"""

_ARTICLE_LINES = [
    "九江市人民政府办公室关于印发九江市推进职业教育改革实施方案的通知",
    "各县（市、区）人民政府，市政府各部门：",
    "经市政府同意，现将《九江市推进职业教育改革实施方案》印发给你们，请认真贯彻执行。",
    "九江市人民政府办公室",
    "2021年3月1日",
    "一、总体要求",
    "坚持以习近平新时代中国特色社会主义思想为指导，到2025年，全市建成10个产教融合实训基地。",
    "二、重点任务",
    "（一）深化产教融合。推动职业院校与企业共建专业，每年新增订单班20个。",
    "（二）加强师资建设。每年培训教师500人次。",
    "三、保障措施",
    "各地各部门要加强组织领导，确保各项任务落到实处。",
    "附件：九江市推进职业教育改革任务清单",
    "九江市推进职业教育改革任务清单",
    "",
    "| 序号 | 重点领域 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |",
    "|---|---|---|---|---|---|",
    "| 1 | 产教融合 | 建设10个产教融合实训基地。 | 市教育局 | 市人社局、市财政局 | 2025年底前 |",
    "| 2 | 产教融合 | 培育5家产教融合型企业。 | 市发改委 | 市工信局 | 2023年底前 |",
    "| 3 | 师资建设 | 每年培训教师500人次。 | 市教育局 | 市人社局、各县（市、区）人民政府 | 2022年底前 |",
]

_CHROME_WORDS = ("首页", "政务公开", "当前位置", "分享到", "微信", "字体", "打印本页", "关闭窗口", "扫一扫", "相关链接",
                 "政策解读", "网站标识码", "ICP备", "公网安备", "版权所有", "主办单位", "联系我们", "发布时间", "浏览次数",
                 "无障碍", "今天是")


def _article_page(cms_container: bool = True) -> str:
    """A 市人民政府 article page: nav, breadcrumb, headline and info bar, body, share bar, sidebar, footer."""
    open_body, close_body = (('<div id="zoom"><div class="TRS_Editor">', "</div></div>") if cms_container
                             else ('<div class="wz-body"><div class="text">', "</div></div>"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>九江市人民政府办公室关于印发九江市推进职业教育改革实施方案的通知_九江市人民政府</title>
<meta name="SiteName" content="九江市人民政府">
<meta name="lastmodifiedtime" content="2024-06-01 08:00:00">
<script>var _hmt = _hmt || []; document.write("<p>脚本</p>");</script>
<style>.nav {{ color: red }}</style>
</head><body>
{_NAV}
<div class="main">
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a></div>
<div class="left"><div class="article">
<h1 class="title">九江市人民政府办公室关于印发九江市推进职业教育改革实施方案的通知</h1>
<div class="info"><span>发布时间：2021-03-05 10:30</span> <span>来源：市政府办公室</span> <span>浏览次数：1024</span>
【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
{open_body}
{_ARTICLE_BODY}
{close_body}
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="qr">扫一扫在手机打开当前页</div>
</div></div>
{_SIDEBAR}
</div>
{_FOOTER}
</body></html>"""


def _lines(page) -> list[str]:
    return page.text.splitlines()


@pytest.mark.parametrize("cms_container", [True, False], ids=["in-a-cms-container", "found-by-trafilatura"])
def test_an_article_page_gives_its_paragraphs_one_per_line_and_nothing_of_the_site(cms_container):
    page = html_text(_article_page(cms_container).encode("utf-8"))
    assert _lines(page) == _ARTICLE_LINES
    for line in _lines(page):
        if not line.startswith("|"):
            assert not any(word in line for word in _CHROME_WORDS), line


def test_an_article_page_gives_its_headline_and_its_publish_date_not_the_modified_one():
    page = html_text(_article_page().encode("utf-8"))
    assert page.title == "九江市人民政府办公室关于印发九江市推进职业教育改革实施方案的通知"
    assert page.published == "2021-03-05"


def test_a_task_table_repeats_its_rowspan_cell_and_joins_a_wrapped_department_cell():
    rows = [line for line in _lines(html_text(_article_page().encode("utf-8"))) if line.startswith("| ")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert [c[1] for c in cells] == ["重点领域", "产教融合", "产教融合", "师资建设"]
    assert [c[4] for c in cells[1:]] == ["市人社局、市财政局", "市工信局", "市人社局、各县（市、区）人民政府"]


def test_a_task_list_on_a_web_page_gives_its_tasks_with_their_departments(tmp_path):
    (tmp_path / "通知.html").write_text(_article_page(), encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    assert corpus.failures == []
    (doc,) = corpus.documents
    assert doc.encoding == "html"
    assert doc.meta.issuer == "九江市人民政府办公室"
    rows = doc.task_rows
    assert [r.seq for r in rows] == [1, 2, 3]
    assert [r.group for r in rows] == ["产教融合", "产教融合", "师资建设"]  # the rowspan cell holds for both rows
    assert [[d.name for d in r.departments] for r in rows] == [
        ["市教育局", "市人社局", "市财政局"], ["市发改委", "市工信局"], ["市教育局", "市人社局", "各县（市、区）人民政府"]]
    assert [[d.name for d in r.departments if d.role == "lead"] for r in rows] == [["市教育局"], ["市发改委"], ["市教育局"]]
    assert [r.deadline.year for r in rows] == [2025, 2023, 2022]
    body = [m.title for m in doc.measures if m.kind != "task"]
    assert body == ["总体要求", "重点任务", "深化产教融合", "加强师资建设", "保障措施"]
    assert not any(word in m.text for m in doc.measures for word in _CHROME_WORDS)


def _gb2312_page() -> bytes:
    """A 县 信息公开 page saved as GBK with a gb2312 header (堃 is GBK, not GB2312), no meta date."""
    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于做好2021年春季农业生产工作的通知-堃山县人民政府</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/xxgk">信息公开</a> <a href="/bs">办事服务</a> <a href="/hd">互动</a></div>
<div class="xxgk">
<table class="xxgk_table"><tr><td>索引号：</td><td>014000123/2021-00012</td><td>发布机构：</td><td>堃山县农业农村局</td></tr>
<tr><td>主题分类：</td><td>农业、农村</td><td>成文日期：</td><td>2021-03-01</td></tr>
<tr><td>名称：</td><td colspan="3">关于做好2021年春季农业生产工作的通知</td></tr></table>
<div class="xxgk_title">关于做好2021年春季农业生产工作的通知</div>
<div class="xxgk_info">发布日期：2021年3月5日</div>
<div id="UCAP-CONTENT">
<p>各乡镇人民政府，县直有关单位：</p>
<p>　　一、抓好粮食生产。全县粮食播种面积稳定在30万亩以上。</p>
<p>　　二、强化农资保障。</p>
<p>　　堃山县农业农村局</p>
</div></div>
<div class="foot">堃山县人民政府 版权所有 网站标识码：3604300001</div>
</body></html>"""
    return html.encode("gb18030")


def test_a_gb2312_page_is_read_as_gb18030_with_its_title_and_date():
    page = html_text(_gb2312_page())
    assert _lines(page) == [
        "关于做好2021年春季农业生产工作的通知",
        "各乡镇人民政府，县直有关单位：",
        "一、抓好粮食生产。全县粮食播种面积稳定在30万亩以上。",
        "二、强化农资保障。",
        "堃山县农业农村局",
    ]
    assert page.title == "关于做好2021年春季农业生产工作的通知"
    assert page.published == "2021-03-05"  # 发布日期, not the grid's 成文日期


def _layout_table_page() -> bytes:
    """An old 县政府 page: the whole page one table, the article one cell of it with <br> lines."""
    html = """<html><head><meta charset="utf-8"><title>关于加强城市道路管理的实施意见 | 湖口县人民政府</title></head>
<body><table width="1000" align="center">
<tr><td><table><tr><td><a href="/">首页</a></td><td><a href="/a">机构概况</a></td><td><a href="/b">政务公开</a></td>
<td><a href="/c">办事服务</a></td></tr></table></td></tr>
<tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/b">政务公开</a></td></tr>
<tr><td>
<table class="grid"><tr><td>索引号：</td><td>360429/2021-00031</td><td>发布机构：</td><td>湖口县人民政府办公室</td></tr>
<tr><td>主题分类：</td><td>城乡建设</td><td>文号：</td><td>湖府办发〔2021〕5号</td></tr></table>
<div align="center"><font size="5"><b>关于加强城市道路管理的实施意见</b></font></div>
时间：2021-03-05 10:00<br>
各乡镇人民政府，县直各单位：<br>
　　为加强城市道路管理，提升城市品质，结合我县实际，提出如下意见。<br>
一、明确管理职责<br>
　　县城市管理局负责城市道路的日常管理，每年巡查不少于300次。<br>
二、加强占道管控<br>
　　严格审批临时占用城市道路，2021年底前完成主干道整治。
</td></tr>
<tr><td>版权所有：湖口县人民政府　网站标识码：3604290001　赣ICP备12001234号</td></tr>
</table></body></html>"""
    return html.encode("utf-8")


def test_a_page_laid_out_in_one_table_is_read_as_paragraphs_without_its_info_grid():
    page = html_text(_layout_table_page())
    assert _lines(page) == [
        "关于加强城市道路管理的实施意见",
        "各乡镇人民政府，县直各单位：",
        "为加强城市道路管理，提升城市品质，结合我县实际，提出如下意见。",
        "一、明确管理职责",
        "县城市管理局负责城市道路的日常管理，每年巡查不少于300次。",
        "二、加强占道管控",
        "严格审批临时占用城市道路，2021年底前完成主干道整治。",
    ]
    assert (page.title, page.published) == ("关于加强城市道路管理的实施意见", "2021-03-05")


def test_a_page_with_only_navigation_has_no_main_text():
    html = f"""<html><head><meta charset="utf-8"><title>政务公开_九江市人民政府</title></head><body>{_NAV}
<div class="list"><ul>
<li><a href="/1.html">九江市人民政府关于加快发展现代职业教育的实施意见</a><span>2021-03-01</span></li>
<li><a href="/2.html">九江市人民政府办公室关于印发九江市推进职业教育改革实施方案的通知</a><span>2021-02-01</span></li>
<li><a href="/3.html">九江市2021年政府工作报告</a><span>2021-01-20</span></li></ul></div>
{_FOOTER}</body></html>"""
    with pytest.raises(ReadError, match="no main text"):
        html_text(html.encode("utf-8"))


def _in_container(body: str, head: str = "", above: str = "") -> bytes:
    """A page of one article container, what stands above it and its <head>."""
    return (f'<html><head><meta charset="utf-8">{head}</head><body>{above}<div id="zoom">{body}</div></body></html>'
            .encode())


_BODY = "<p>一、加快推进城乡融合发展，到2025年建成10个示范镇。</p>"


def test_a_data_table_repeats_rowspan_cells_counts_colspan_cells_once_and_lifts_its_title_row():
    table = """<p>各部门：现将任务分解如下。</p><table>
<tr><td colspan="4">2021年重点工作任务分解表</td></tr>
<tr><th>序号</th><th>工作任务</th><th colspan="2">责任单位</th></tr>
<tr><td>1</td><td rowspan="3">推进老旧小区改造</td><td>市住建局</td><td>市财政局</td></tr>
<tr><td>2</td><td colspan="2">各县（市、区）人民政府</td></tr>
<tr><td>3</td><td>市城管局</td><td>市自然资源局</td></tr>
</table>"""
    assert _lines(html_text(_in_container(table))) == [
        "各部门：现将任务分解如下。",
        "2021年重点工作任务分解表",
        "",
        "| 序号 | 工作任务 | 责任单位 |  |",
        "|---|---|---|---|",
        "| 1 | 推进老旧小区改造 | 市住建局 | 市财政局 |",
        "| 2 | 推进老旧小区改造 | 各县（市、区）人民政府 |  |",
        "| 3 | 推进老旧小区改造 | 市城管局 | 市自然资源局 |",
    ]


@pytest.mark.parametrize("table", [
    "<table><tr><td>一、总体要求</td></tr><tr><td>到2025年，建成10个实训基地。</td></tr></table>",
    "<table><tr><td>一、总体要求</td><td>到2025年，建成10个实训基地。</td></tr></table>",
    "<table><tr><td><table><tr><td>一、总体要求</td></tr></table></td><td>到2025年，建成10个实训基地。</td></tr>"
    "<tr><td>二、重点任务</td><td>推进产教融合。</td></tr></table>",
], ids=["one-column", "one-row", "holding-a-table"])
def test_a_layout_table_is_read_as_paragraphs(table):
    lines = _lines(html_text(_in_container("<p>各县（市、区）人民政府：</p>" + table)))
    assert lines[:3] == ["各县（市、区）人民政府：", "一、总体要求", "到2025年，建成10个实训基地。"]
    assert not any(line.startswith("|") for line in lines)


@pytest.mark.parametrize("parts, joined", [
    (["市人社局", "市财政局"], "市人社局、市财政局"), (["负责统筹。", "市财政局"], "负责统筹。市财政局"),
    (["牵头：", "市教育局"], "牵头：市教育局"), (["市教育局"], "市教育局"), ([], ""),
])
def test_a_cell_of_several_lines_is_joined_as_a_word_cell_is(parts, joined):
    word_cell = SimpleNamespace(paragraphs=[SimpleNamespace(text=p) for p in parts])
    assert join_cell_items(parts) == _cell_text(word_cell) == joined


@pytest.mark.parametrize("encode, declared", [
    (lambda s: s.encode("utf-8"), ""),
    (lambda s: s.encode("gb18030"), ""),
    (lambda s: s.encode("utf-8"), '<meta charset="gb2312">'),  # a page re-saved as UTF-8 under its old header
    (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), '<meta charset="gbk">'),  # a BOM is decisive
    (lambda s: s.encode("gb18030"), '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'),
], ids=["utf-8", "gb18030-undeclared", "utf-8-declared-gb2312", "bom", "gbk-http-equiv"])
def test_a_page_is_decoded_by_its_declared_charset_its_bom_or_its_bytes(encode, declared):
    html = f"<html><head>{declared}</head><body><div class='TRS_Editor'><p>一、加快推进堃山县城乡融合发展。</p></div></body></html>"
    assert html_text(encode(html)).text == "一、加快推进堃山县城乡融合发展。\n"


@pytest.mark.parametrize("head, info, published", [
    ('<meta name="PubDate" content="2021-03-05 10:30">', "发布时间：2020-01-01", "2021-03-05"),
    ('<meta property="article:published_time" content="2021-03-05T10:30:00+08:00">', "", "2021-03-05"),
    ('<meta name="lastmodifiedtime" content="2024-06-01">', "发布日期：2021年3月5日　来源：市发改委", "2021-03-05"),
    ("", "时间：2021-03-05 10:00", "2021-03-05"),
    ("", "2021-03-05 10:00　来源：国务院办公厅", "2021-03-05"),
    ("", "", None),
], ids=["meta-pubdate", "published-time", "labelled-not-modified", "bare-label", "before-source", "none"])
def test_the_publish_date_comes_from_the_page_meta_else_the_article_header(head, info, published):
    assert html_text(_in_container(_BODY, head, f'<div class="info">{info}</div>')).published == published


@pytest.mark.parametrize("head, above, title", [
    ("<title>关于推进城乡融合发展的实施意见_九江市人民政府</title>", "", "关于推进城乡融合发展的实施意见"),
    ("<title>关于推进城乡融合发展的实施意见 - 政策文件 - 中国政府网</title>", "", "关于推进城乡融合发展的实施意见"),
    ('<title>九江市人民政府</title><meta name="ArticleTitle" content="关于推进城乡融合发展的实施意见">', "",
     "关于推进城乡融合发展的实施意见"),
    ("<title>政策文件_九江市人民政府</title>", "<h1>关于推进城乡融合发展的<br>实施意见</h1>", "关于推进城乡融合发展的实施意见"),
    ("<title>规划（2021—2025年）_九江市人民政府</title>", "", "规划（2021—2025年）"),
    ("<title>九江市人民政府办公室关于推进城乡融合发展的实施意见_九江市人民政府</title>",
     '<div class="logo"><h1>九江市人民政府</h1></div>', "九江市人民政府办公室关于推进城乡融合发展的实施意见"),
], ids=["site-suffix", "column-and-site", "article-title-meta", "headline", "dash-in-title", "not-the-logo"])
def test_the_title_is_the_article_headline_else_the_page_title_without_the_site(head, above, title):
    page = html_text(_in_container(_BODY, head, above))
    assert page.title == title
    assert _lines(page)[0] == title


def test_a_100_kb_page_is_read_well_under_100_ms():
    links = "".join(f'<li><a href="/n{i}.html">九江市人民政府关于第{i}项工作的通知公告</a><span>2021-02-01</span></li>'
                    for i in range(500))
    paragraphs = "".join(f"<p>　　（{i}）推进产教融合。推动职业院校与企业共建专业，每年新增订单班20个。</p>" for i in range(400))
    for html in (_article_page(True), _article_page(False)):
        data = html.replace("<p>三、保障措施</p>", paragraphs + "<p>三、保障措施</p>").replace(
            "<ul>\n<li>", "<ul>\n" + links + "<li>").encode("utf-8")
        assert len(data) > 100_000
        html_text(data)  # imports
        best = min(_timed(html_text, data) for _ in range(3))
        assert best < 0.1, best


def _timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start
