"""Web pages (.html): the page's own article as the text rules read it, its title and its publish date.

Government sites (gov.cn, 省/市人民政府, 信息公开 pages) wrap an article in the same chrome: navigation,
a breadcrumb, a share bar, a sidebar of related links, a footer with the site's ICP number. What is read:

- The encoding the page declares (<meta charset>, http-equiv Content-Type, <?xml encoding?>; gb2312 and
  gbk read as their superset gb18030), unless a BOM says otherwise; else what `read.decode_bytes` finds.
- The article container the genre's CMSs write (div.TRS_Editor, div#zoom, div#UCAP-CONTENT,
  div.article-content, div.pages_content, …: `_CONTAINERS`). Without one, trafilatura finds the main
  paragraphs, and the article is the element that holds them in the original page (tables and line
  breaks are then read from the page itself, not from trafilatura's copy); inside it, blocks that are
  mostly links (menus, lists of related links) are left out.
- Every block (<p>, <div>, <li>, <h1>…, a <br>-separated line) is one line, its characters as printed:
  white space runs are one space (none at a source line break between two Chinese characters, as a
  browser shows it), &nbsp; a space, the full-width indent of a paragraph dropped. Lines that are the
  genre's chrome (`_is_chrome`: 当前位置, 分享到, 【字体：大 中 小】, 打印本页, 网站标识码, ICP备, 发布时间：…,
  索引号：…) are dropped.
- A data table is a markdown table (`table_text.markdown_table`): a cell merged down (rowspan) repeats in
  each row it spans, a cell merged across (colspan) appears once, a cell's own lines are items joined as
  Word cells are (`table_text.join_cell_items`). Title rows set across the whole table above its header are lines.
  Layout tables (a table holding tables, one row or one column, a cell holding a heading or a page of
  text) are read as paragraphs; a 信息公开 grid (索引号 | … | 发布机构 | …) is left out.
- The article's headline comes first when the article itself does not start with it.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from lxml import etree

from .read import ReadError
from .table_text import join_cell_items, markdown_table
from .text import fold, squash


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str  # the page's main text as the text rules read it
    title: str | None  # the page's own title (article title, else <title> without the site-name suffix)
    published: str | None  # the page's own publish date, YYYY-MM-DD


def html_text(data: bytes) -> HtmlPage:
    source = decode_html(data)
    try:
        page = etree.fromstring(source.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"web page that cannot be parsed: {exc}") from exc
    if page is None:
        raise ReadError("web page with no main text (navigation only?)")
    body = page.find("body")
    if body is None:
        body = page
    metas = _metas(page)
    root, lines = _genre_container(body), []
    if root is not None:
        lines = _Walker().read(root)
    if not _has_text(lines):
        _drop_link_lists(body)
        root = _main_by_trafilatura(page, body)
        lines = _Walker().read(root) if root is not None else []
    if root is None or not _has_text(lines):
        raise ReadError("web page with no main text (navigation only?)")
    title, lead = _title(page, body, root, metas)
    if title and lead and squash(title) not in squash("".join(lines[:3])):
        lines = [title, *lines]
    published = _published(body, root, metas, source)
    return HtmlPage(text="\n".join(_tidy(lines)) + "\n", title=title, published=published)


# ---------------------------------------------------------------------------------------------- decoding

_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG labels of the Chinese encodings, read as the superset each stands for.
_GB = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "gb-2312", "x-gbk", "cp936", "csgb2312", "chinese", "euc-cn",
       "iso-ir-58", "gb18030", "csiso58gb231280"}
_WESTERN = {"ascii", "iso8859-1", "cp1252", "latin-1"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_html(data: bytes) -> str:
    """The page as text: a BOM is decisive, then the declared charset, then `read.decode_bytes`."""
    from .read import decode_bytes

    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(_BOMS):
        return decode_bytes(data)[0]
    declared = _declared_charset(data)
    if declared in _WESTERN and not data.isascii():
        declared = None  # a template's default header over Chinese bytes: the bytes decide
    if declared:
        if declared != "utf-8" and _is_multibyte_utf8(data):
            return data.decode("utf-8")  # saved as UTF-8 under an old gb2312 header: never GBK by chance
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
        lenient = data.decode(declared, errors="replace")
        if lenient.count("\ufffd") <= len(lenient) // 1000 + 2:  # a stray byte or two in a GBK page
            return lenient
    return decode_bytes(data)[0]


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:8192])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    if label in _GB:
        return "gb18030"
    if label in ("big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"):
        return "big5hkscs"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name  # an ASCII page can't be UTF-16


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------- walking

_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
                   "select", "option", "button", "input", "textarea", "head", "title", "meta", "link", "map",
                   "audio", "video", "source", "img", "math"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
                    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul",
                    "caption", "body", "html"})
# Blocks that hold a menu or a list of links when they are mostly link text (outside a known container).
_LINK_LIST_TAGS = frozenset({"div", "ul", "ol", "dl", "nav", "aside", "section", "table", "tbody", "tr", "td",
                             "header", "footer", "menu", "form", "li"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _inline(raw: str) -> str:
    """One line of a block: HTML white space collapsed (a source line break between two Chinese characters
    leaves nothing, as a browser shows it), &nbsp; a space, the indent and the trailing blanks dropped."""
    raw = raw.replace("\u200b", "").replace("\ufeff", "")

    def gap(m: re.Match[str]) -> str:
        a, b = m.start(), m.end()
        if ("\n" in m.group() or "\r" in m.group()) and a > 0 and b < len(raw) \
                and _WIDE.match(raw[a - 1]) and _WIDE.match(raw[b]):
            return ""
        return " "

    return _WS.sub(gap, raw).replace("\xa0", " ").strip()


class _Walker:
    """Lines of an element: one per block or <br>-line; tables as markdown (or as paragraphs)."""

    def __init__(self, in_cell: bool = False) -> None:
        self.in_cell = in_cell
        self.lines: list[str] = []
        self.buf: list[str] = []

    def read(self, root) -> list[str]:
        self.walk(root)
        self.flush()
        return self.lines

    def flush(self) -> None:
        if not self.buf:
            return
        line = _inline("".join(self.buf))
        self.buf = []
        if line and (self.in_cell or not _is_chrome(line)):
            self.lines.append(line)

    def walk(self, el) -> None:
        tag = _tag(el)
        if not tag or tag in _SKIP or _hidden(el):
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag == "pre":
            self.lines += [s for s in (_inline(x) for x in "".join(el.itertext()).splitlines()) if s]
            return
        if tag == "table" and self.table(el):
            return
        self.walk_inside(el)
        if block:
            self.flush()

    def walk_inside(self, el) -> None:
        """The element's own text, then each child and the text after it."""
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)

    def table(self, el) -> bool:
        """A data table as markdown lines (True); False leaves a layout table to be read as paragraphs."""
        rows = _rows(el)
        if len(rows) < 2 or max(len(r) for r in rows) < 2 or el.find(".//table") is not None:
            return False
        if any(c.find(f".//{h}") is not None for r in rows for c in r for h in _HEADINGS):
            return False
        texts = [[_cell_text(c) for c in r] for r in rows]
        if any(len(t) > _PAGE_CELL for r in texts for t in r):
            return False
        if _is_info_grid(texts):
            return True  # a 信息公开 grid (索引号, 发布机构 …): page metadata, never body text
        width = max(sum(_span(c, "colspan") for c in r) for r in rows)
        captions = []
        while len(rows) > 2 and len(rows[0]) == 1 and _span(rows[0][0], "colspan") >= width and \
                _span(rows[0][0], "rowspan") == 1:
            captions.append(texts[0][0])  # a title row across the whole table, above its header
            rows, texts = rows[1:], texts[1:]
        caption = el.find("caption")
        if caption is not None:
            captions.insert(0, _inline(_visible_text(caption)))
        self.lines += [c for c in captions if c]
        self.lines += markdown_table(_resolve_spans(rows, texts))
        return True


def _drop_link_lists(body) -> None:
    """Take out of the page what is not read (scripts, hidden blocks) and the blocks that are lists of
    links (menus, breadcrumbs, columns of related links): three links or more, most of the block's text
    in them. Told from the leaves up, a list taken out no longer counts in the block around it (a page
    whose menu is longer than its article keeps its article)."""
    doomed: list = []
    _link_stats(body, doomed)
    for el in doomed:  # the leaves first: never one inside a block already taken out
        if el is not body:
            _drop(el)


def _drop(el) -> None:
    """Take el out of the page, the text after it (its tail) kept in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _link_stats(el, doomed: list) -> tuple[int, int, int]:
    """(characters, characters inside links, links) of el once the lists below it are taken out."""
    tag = _tag(el)
    if not tag or tag in _SKIP or _hidden(el):
        doomed.append(el)
        return 0, 0, 0
    total = _chars(el.text)
    linked, links = 0, 0
    for child in el:
        t, k, n = _link_stats(child, doomed)
        total += t + _chars(child.tail)
        linked += k
        links += n
    if tag == "a":
        return total, total, links + 1
    if tag in _LINK_LIST_TAGS and links >= 3 and linked >= 0.6 * total:
        doomed.append(el)
        return 0, 0, 0
    return total, linked, links


def _chars(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


# ---------------------------------------------------------------------------------------------- tables

_PAGE_CELL = 1500  # a cell with more text than this holds a page, not a value
# Labels of a 信息公开 grid, none of them a column of a data table's header.
_INFO_LABELS = frozenset({"索引号", "信息索引号", "发布机构", "发文机关", "主题分类", "体裁分类", "组配分类", "服务对象分类",
                          "主题词", "有效性", "公开方式", "公开范围", "公开时限", "公开形式", "所属机构", "信息分类", "索取号"})


def _rows(table) -> list[list]:
    rows = []
    for child in table:
        tag = _tag(child)
        trs = [child] if tag == "tr" else [r for r in child if _tag(r) == "tr"] if tag in ("thead", "tbody", "tfoot") else []
        for tr in trs:
            cells = [c for c in tr if _tag(c) in ("td", "th") and not _hidden(c)] if not _hidden(tr) else []
            if cells:
                rows.append(cells)
    return rows


def _span(cell, attr: str) -> int:
    m = re.match(r"\s*(\d+)", cell.get(attr) or "")
    return min(int(m.group(1)), 1000) if m else 1


def _cell_text(cell) -> str:
    walker = _Walker(in_cell=True)
    walker.walk_inside(cell)
    walker.flush()
    return join_cell_items(walker.lines)


def _resolve_spans(rows: list[list], texts: list[list[str]]) -> list[list[str]]:
    """Rows of cell texts: a rowspan cell repeated in each row it covers, a colspan cell once."""
    out: list[list[str]] = []
    carried: dict[int, list] = {}  # grid column → [text, rows still to cover, colspan]
    for r, (cells, values) in enumerate(zip(rows, texts, strict=True)):
        row: list[str] = []
        col = 0
        for cell, value in zip(cells, values, strict=True):
            col = _carry(carried, col, row)
            width = max(1, _span(cell, "colspan"))
            down = _span(cell, "rowspan")
            down = len(rows) - r if down == 0 else min(down, len(rows) - r)  # rowspan=0: to the table's end
            row.append(value)
            if down > 1:
                carried[col] = [value, down - 1, width]
            col += width
        for c in sorted(k for k in carried if k >= col):
            if c in carried:
                _carry(carried, c, row)
        out.append(row)
    return out


def _carry(carried: dict[int, list], col: int, row: list[str]) -> int:
    """Put the cells merged down from above at grid column col into row; the next free column."""
    while col in carried:
        text, left, width = carried[col]
        row.append(text)
        if left <= 1:
            del carried[col]
        else:
            carried[col][1] = left - 1
        col += width
    return col


def _is_info_grid(texts: list[list[str]]) -> bool:
    """Labels of a 信息公开 grid in two rows or more (a data table names its columns in one row)."""
    rows = [r for r, row in enumerate(texts) if any(re.sub(r"[\s:：]", "", fold(t)) in _INFO_LABELS for t in row)]
    return len(rows) >= 2


# ---------------------------------------------------------------------------------------------- chrome

# The genre's page chrome, told line by line on the folded line (full-width forms half-width).
# Footer lines: a body paragraph never holds a site's registration numbers or copyright.
_FOOTER = re.compile(r"网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|Copyright|©", re.I)
# A breadcrumb ('当前位置：首页 > 政务公开', '首页 > 政策文件') and the links to the next article.
_CRUMB = re.compile(r"^(?:您?当前(?:所在)?位置|您(?:现在)?的位置|所在位置|当前栏目)\s*:|^(?:网站)?首页\s*(?:>|»|›|→|/)"
                    r"|^(?:上一篇|下一篇|上一条|下一条)\s*:"
                    r"|^[^。，；>»›]{1,20}(?:\s*(?:>>?|»|›)\s*[^。，；>»›]{1,20}){2,}$")  # '政务公开 > 政策文件 > 规范性文件'

# The page's information above or below the article ('发布时间：2021-03-05 来源：市政府办公室 浏览次数：12'),
# the 信息公开 grid as lines ('索引号：…', '发布机构：…'); '时间：' / '日期：' only before a numeric date
# (a meeting notice's '时间：3月5日上午9时' is body text).
_INFO = re.compile(r"^(?:发布时间|发布日期|更新时间|发布者|来源|信息来源|文章来源|稿件来源|浏览次数|浏览量|阅读次数|阅读量|"
                   r"点击数|点击量|点击率|访问量|访问次数|责任编辑|字体|字号|索引号|信息索引号|发布机构|发文机关|主题分类|"
                   r"体裁分类|组配分类|服务对象分类|主题词|成文日期|发文字号|文号|发文日期|生成日期|公开日期|废止日期|有效性|效力状态|"
                   r"公开方式|公开范围|公开时限|信息分类|关键词|文件编号)\s*:"
                   r"|^(?:时间|日期)\s*:\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
                   r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|信息来源|作者|浏览次数|点击数)\s*:")
# Lines made of nothing but the words of a tool bar, a share bar or a footer menu (and punctuation):
# '【字体：大 中 小】【打印本页】【关闭窗口】', '分享到：微信 微博 QQ空间', '网站地图 | 联系我们', '相关链接'.
_TOOL_WORDS = re.compile("|".join(sorted((
    "字体", "字号", "大", "中", "小", "默认", "打印本页", "打印此页", "打印文章", "打印", "关闭窗口", "关闭本页", "关闭",
    "返回顶部", "回到顶部", "返回列表", "返回", "收藏本页", "加入收藏", "收藏", "分享到", "分享", "微信", "朋友圈", "微博",
    "新浪微博", "腾讯微博", "QQ空间", "QQ", "扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "手机扫一扫", "扫一扫",
    "二维码", "纠错", "我要纠错", "网站地图", "联系我们", "隐私声明", "隐私政策", "免责声明", "网站声明", "关于我们",
    "使用帮助", "无障碍", "长者模式", "关怀版", "繁体", "简体", "繁體", "登录", "注册", "首页", "上一篇", "下一篇", "保存",
    "复制链接", "相关链接", "相关文章", "相关阅读", "相关新闻", "相关文件", "相关解读", "延伸阅读", "推荐阅读", "热点推荐",
    "主办单位", "承办单位", "技术支持",
), key=len, reverse=True)))
_SEPARATORS_ONLY = re.compile(r"[\W_]*")
_LONG_LINE = 200  # chrome is short: a longer line is text, whatever it holds


def _is_chrome(line: str) -> bool:
    f = fold(line).strip()
    if len(f) > _LONG_LINE:
        return False
    if _FOOTER.search(f) or _CRUMB.match(f) or _INFO.match(f):
        return True
    if re.match(r"^主办(?:单位)?\s*:", f) and re.search(r"承办|技术支持|ICP|标识码|地址|电话", f):
        return True
    rest, n = _TOOL_WORDS.subn("", f)
    return n > 0 and bool(_SEPARATORS_ONLY.fullmatch(rest))


_MIN_TEXT = 10


def _has_text(lines: list[str]) -> bool:
    """Some text of its own: a page whose lines were all chrome or menus has none."""
    return sum(_chars(line) for line in lines if not line.startswith("|---")) >= _MIN_TEXT


def _tidy(lines: list[str]) -> list[str]:
    """No blank line at either end, never two in a row (markdown tables bring their own)."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


# ---------------------------------------------------------------------------------------------- where the article is

# Article containers of the CMSs government sites run on (TRS, UCAP, …): a genre rule, by class or id.
_CONTAINERS = frozenset({"trs_editor", "trs_ueditor", "zoom", "fontzoom", "ucap-content", "article-content",
                         "article_content", "articlecontent", "pages_content", "pages-content"})


def _genre_container(body):
    best, best_len = None, _MIN_TEXT - 1  # an empty shell (filled by script) is no article
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        names = [*(el.get("class") or "").lower().split(), (el.get("id") or "").lower()]
        if _CONTAINERS.isdisjoint(names) or _hidden(el):
            continue
        size = _chars(_visible_text(el))
        if size > best_len:  # the outer of two nested containers wins a tie: it comes first
            best, best_len = el, size
    return best


def _visible_text(el) -> str:
    return "".join(t for _, t in _text_nodes(el))


def _text_nodes(el):
    """(owner, text) of every text node below el in reading order, scripts and hidden elements left out."""
    tag = _tag(el)
    if not tag or tag in _SKIP or _hidden(el):
        return
    if el.text:
        yield el, el.text
    for child in el:
        yield from _text_nodes(child)
        if child.tail:
            yield el, child.tail


def _main_by_trafilatura(page, body):
    """The element of the page that holds the paragraphs trafilatura takes for the main text."""
    import trafilatura

    doc = trafilatura.bare_extraction(etree.tostring(page, encoding="unicode", method="html"), include_tables=True, include_formatting=False, favor_recall=True,
                                      include_comments=False, with_metadata=False, deduplicate=False)
    main = getattr(doc, "body", None)
    if main is None:
        return None
    paragraphs = [_no_space("".join(e.itertext())) for e in main.iter("p", "head", "item", "cell", "quote")]
    starts, owners, pieces, pos = [], [], [], 0
    for owner, text in _text_nodes(body):
        s = _no_space(text)
        if s:
            starts.append(pos)
            owners.append(owner)
            pieces.append(s)
            pos += len(s)
    flat = "".join(pieces)
    found: list[tuple[int, object, object]] = []
    cursor = 0
    for p in paragraphs:
        if len(p) < 4:
            continue
        at = flat.find(p, cursor)
        if at < 0:
            at = flat.find(p)
        if at < 0:
            continue
        cursor = at + len(p)
        found.append((len(p), owners[bisect_right(starts, at) - 1], owners[bisect_right(starts, cursor - 1) - 1]))
    if not found:
        return None
    # The elements holding the bulk of the text (a stray short line elsewhere does not widen the article).
    found.sort(key=lambda f: -f[0])
    total, covered, held = sum(f[0] for f in found), 0, []
    for size, first, last in found:
        held += [first, last]
        covered += size
        if covered >= 0.85 * total:
            break
    return _common_ancestor(held)


def _no_space(s: str) -> str:
    return "".join(s.split())


def _common_ancestor(elements):
    path = [elements[0], *elements[0].iterancestors()][::-1]
    for el in elements[1:]:
        mine = {id(a) for a in (el, *el.iterancestors())}
        while path and id(path[-1]) not in mine:
            path.pop()
    return path[-1] if path else None


# ---------------------------------------------------------------------------------------------- title

_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|\s[-—–－]\s|[-—–－](?=[^-—–－_|｜]{2,30}(?:政府|网站|网|门户)$))\s*")


_SITE_NAME = re.compile(r"(?:人民政府|政府网|门户网站|政府网站|网站)$")


def _metas(page) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in page.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        value = _inline(m.get("content") or "")
        if key and value and key not in out:
            out[key] = value
    return out


def _title(page, body, root, metas: dict[str, str]) -> tuple[str | None, bool]:
    """The page's own title, and whether it is the article's headline (which the text then starts with)."""
    site = metas.get("sitename") or metas.get("og:site_name")
    meta_title = metas.get("articletitle") or _strip_site(metas.get("og:title"), site)[0]
    el = page.find("head/title")
    raw_title = _inline("".join(el.itertext())) if el is not None else ""
    page_title, stripped = _strip_site(raw_title, site)
    refs = [squash(t).rstrip(".…") for t in (meta_title, page_title) if t]
    heads = _headlines(body, root)
    for h in heads:
        if any(_agrees(squash(h), r) for r in refs):
            return h, True
    if meta_title:
        return meta_title, True
    if heads and (not page_title or len(heads[0]) >= len(page_title)):  # a column's name is short
        return heads[0], True
    if page_title and (stripped or page_title != site):
        return page_title, stripped
    return (heads[0], True) if heads else (None, False)


def _agrees(headline: str, ref: str) -> bool:
    """The same title, one perhaps cut short or run into a subtitle; not a site's logo inside a title."""
    short, long = sorted((headline, ref), key=len)
    return len(short) >= 4 and short in long and len(short) >= 0.6 * len(long)


def _strip_site(title: str | None, site: str | None) -> tuple[str | None, bool]:
    """'文章标题_九江市人民政府' → '文章标题' (also '标题-中国政府网', '标题 | 栏目 | 站点', '站点_标题')."""
    if not title:
        return None, False
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p]
    if len(parts) > 1:
        head = parts[0]
        if squash(head) == squash(site or "") or _SITE_NAME.search(head):
            head = max(parts, key=len)  # the site's name first: the article's title is the longest part
        if len(head) >= 4:
            return head, True
    return title, False


def _headlines(body, root) -> list[str]:
    """h1/h2 of the article: inside it first, then those just above it (nearest first)."""
    inside = [h for h in root.iter("h1", "h2") if not _hidden(h)]
    order = {id(e): k for k, e in enumerate(body.iter())}
    start = order.get(id(root), 0)
    above = []
    for anc in list(root.iterancestors())[:3]:
        above += [h for h in anc.iter("h1", "h2") if order.get(id(h), start) < start and h not in above]
    above.sort(key=lambda h: -order[id(h)])
    out = []
    for h in inside + above:
        text = "".join(_inline(t) for _, t in _text_nodes(h))
        if len(text) >= 4 and text not in out:
            out.append(text)
    return out


# ---------------------------------------------------------------------------------------------- date

_META_DATES = ("pubdate", "publishdate", "publish_date", "publishtime", "firstpublishedtime", "article:published_time",
               "og:article:published_time", "og:published_time", "published_time", "datepublished", "dc.date.issued",
               "dcterms.issued", "dc.date")
_DATE = r"(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)"
_ANY_DATE = re.compile(rf"{_DATE}|(?P<y3>\d{{4}})(?P<m3>\d{{2}})(?P<d3>\d{{2}})")
# A labelled date of the article's header; the label ranks it (发布 first, 成文 — the signing — last).
_LABELLED_DATE = re.compile(rf"(?:(?P<pub>发布时间|发布日期|公开日期|发表时间)|(?<![\u4e00-\u9fff])(?P<bare>时间|日期)"
                            rf"|(?P<signed>发文日期|印发日期|成文日期))\s*:\s*{_DATE}")
# The header line of gov.cn and many sites: '2021-03-05 10:00 来源：国务院办公厅'.
_SOURCED_DATE = re.compile(rf"(?<![\d\u4e00-\u9fff]){_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:来源|信息来源)\s*:")
_ZONE_BEFORE, _ZONE_INSIDE = 1500, 1000


def _published(body, root, metas: dict[str, str], source: str) -> str | None:
    for key in _META_DATES:
        found = _normalise_date(_ANY_DATE.search(fold(metas.get(key, ""))))
        if found:
            return found
    before: list[str] = []
    for owner, text in _text_nodes(body):
        if owner is root or any(a is root for a in owner.iterancestors()):
            break
        before.append(text)
    head = fold("\n".join(before)[-_ZONE_BEFORE:])  # a text node apart from the next: '…意见' + '时间：…'
    zone = head + "\n" + fold("\n".join(t for _, t in _text_nodes(root))[:_ZONE_INSIDE])
    ranked = []
    for m in _LABELLED_DATE.finditer(zone):
        value = _normalise_date(m)
        if value:
            rank = 0 if m.group("pub") else 1 if m.group("bare") else 2
            ranked.append((rank, abs(m.start() - len(head)), value))
    for m in _SOURCED_DATE.finditer(zone):
        value = _normalise_date(m)
        if value:
            ranked.append((1, abs(m.start() - len(head)), value))
    if ranked:
        return min(ranked)[2]
    import htmldate

    try:
        # Markup only (time elements, date classes, JSON-LD, the URL): its search of the text would take a
        # target year ('到2025年') for the date 2025-01-01.
        return htmldate.find_date(source, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    except (ValueError, TypeError):
        return None


def _normalise_date(m: re.Match[str] | None) -> str | None:
    if not m:
        return None
    g = m.groupdict()
    y = g.get("y") or g.get("y3")
    mo = g.get("m") or g.get("m2") or g.get("m3")
    d = g.get("d") or g.get("d2") or g.get("d3")
    try:
        value = date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None
    return value.isoformat() if 1949 <= value.year <= date.today().year + 1 else None
