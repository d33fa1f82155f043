"""Saved web pages: the article's main text, without the site around it.

trafilatura (Apache-2.0) finds the main text, with ``favor_precision=True`` (it
leaves out a navigation-only page instead of returning its links) and
``include_tables=True``; its XML output is turned into lines here, so a table
keeps one row a line with ``" | "`` between cells. Before it runs, the page is
parsed with lxml, ``<script>``/``<style>`` and the like are dropped, and so are
elements that are site chrome by their tag (``<nav>``, ``<footer>``, ``<aside>``)
or their class/id (nav, breadcrumb, share, footer, related, copyright …).
Lines of article metadata (发布时间 … 来源 … 浏览次数), share bars, previous/next
links and licence lines (ICP备) are dropped after it. Where trafilatura finds
no main text, the largest content block (``<article>``, ``<main>``, a
``div`` with class content/article/zoom/TRS_Editor …) is taken instead, by the
number of Chinese characters outside links; where neither has any, the page is
refused.
"""

from __future__ import annotations

import codecs
import re

from minsheng.errors import InputError
from minsheng.extraction.formats import Extracted, library, table_line

MAX_BYTES = 50 * 1024 * 1024  # a saved article is well under 5 MB; beyond 50 MB it is not one article
MIN_MAIN_CJK = 20  # Chinese characters the main text must have, besides its title

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "button", "input", "textarea", "nav", "footer", "aside")  # not <form>: ASP.NET pages wrap all in one
_CHROME_TOKENS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "bread",
    "position", "location", "share", "bdshare", "sharebar", "footer", "foot", "copyright", "related",
    "relate", "xgxw", "xgwz", "xglj", "sidebar", "aside", "pager", "pagination", "toolbar", "prevnext",
})
_CONTENT_TOKENS = frozenset({
    "content", "article", "text", "detail", "zoom", "main", "body", "editor", "trs", "zw", "zhengwen",
})
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")

# lines that are the page's furniture, not the article
_COUNTER_RE = re.compile(  # a counter with its number: 浏览次数：3621, 您是本站第1268345位访客
    r"(?:浏览次数|浏览量|点击数|点击量|点击率|阅读数|阅读量|阅读次数|访问量|访问次数|访问人次)\s*[:：]?\s*[\[(（]?\d"
    r"|第\s*\d+\s*位访客|访客\s*[:：]\s*\d"
)
_META_RE = re.compile(r"发布时间|发布日期|发文日期|来源[:：]|信息来源|作者[:：]|责任编辑|编辑[:：]|字号|【打印】|【关闭】|打印本页|关闭窗口")
_FURNITURE_RE = re.compile(
    r"^\s*(?:分享到|分享至|扫一扫|上一篇|下一篇|上一条|下一条|相关链接|相关阅读|相关新闻|相关文章|附件[:：]?$)"
    r"|ICP备|ICP证|公网安备|版权所有|Copyright|©|网站标识码|网站地图|联系我们|联系电话[:：]|技术支持[:：]",
    re.I,
)


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)`` of a web page: BOM, else ``<meta charset>``, else UTF-8, else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = []
        m = _CHARSET_RE.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii").lower()
            if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn"):
                declared = "gb18030"  # a superset: pages labelled gb2312 often hold GBK characters
            try:
                codecs.lookup(declared)
                candidates.append(declared)
            except LookupError:
                pass
        candidates += [c for c in ("utf-8", "gb18030") if c not in candidates]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{name} is a web page in an encoding that is neither the one it declares, UTF-8 nor GB18030; "
        "save it again as UTF-8"
    )


def _tokens(el) -> set[str]:
    return set(_TOKEN_RE.findall(f"{el.get('class', '')} {el.get('id', '')}".lower()))


def _parse(text: str, name: str):
    """The page as a cleaned lxml tree: no scripts or styles, no elements that are site chrome."""
    import lxml.html

    text = _XML_DECL_RE.sub("", text, count=1)  # lxml refuses a str that declares an encoding
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError / XMLSyntaxError / ValueError for a page it cannot parse
        why = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise InputError(f"{name} cannot be parsed as HTML ({why}); save the page again") from None
    for el in list(tree.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):  # comments and processing instructions
            _drop(el)
        elif el.tag not in ("html", "body"):
            tokens = _tokens(el)
            if tokens & _CHROME_TOKENS and not tokens & _CONTENT_TOKENS:
                _drop(el)
    return tree


def _drop(el) -> None:
    """Remove ``el`` with its text, keeping its tail (the text after it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_furniture(line: str) -> bool:
    body = line.strip()
    if not body:
        return True
    if len(body) > 150 or "。" in body:
        return False
    if _FURNITURE_RE.search(body):
        return True
    if " | " in body:  # a table row of the article (a counter or a date in a cell is data)
        return False
    return bool(_COUNTER_RE.search(body)) or len(_META_RE.findall(body)) >= 2  # 发布时间：… 来源：…


def _clean_lines(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = line.replace("\u00a0", " ").replace("\u200b", "").strip(" \t\r\n\u3000")
        if line and not _is_furniture(line):
            out.append(line)
    return out


def _body_cjk(title: str, lines: list[str]) -> int:
    """Chinese characters of the main text, its title line left out."""
    return sum(len(_CJK_RE.findall(line)) for line in lines if line != title)


# --- trafilatura's XML to lines ---------------------------------------------------------

def _text_of(el) -> str:
    """Text of an element of trafilatura's XML, ``<lb/>`` as a line break, other whitespace folded."""
    parts: list[str] = []

    def walk(node):
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "\n".join(" ".join(seg.split()) for seg in "".join(parts).split("\n"))


def _xml_lines(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == "table":
            for row in child.iter("row"):
                cells = [" ".join("".join(c.itertext()).split()) for c in row if c.tag == "cell"]
                if any(cells):
                    out.append(table_line(cells))
        elif tag in ("head", "p", "item", "quote", "code"):
            if any(sub.tag in ("list", "table") for sub in child):
                _xml_lines(child, out)
            else:
                out.extend(_text_of(child).split("\n"))
        elif tag in ("list", "div", "main", "body"):
            _xml_lines(child, out)
        elif tag in ("graphic", "comments"):
            continue
        else:
            out.extend(_text_of(child).split("\n"))


def _trafilatura_lines(tree) -> tuple[str, list[str]]:
    """``(title, lines)`` of the main text as trafilatura finds it (lines empty when it finds none)."""
    import lxml.etree
    import trafilatura

    xml = trafilatura.extract(
        tree, output_format="xml", include_tables=True, favor_precision=True, include_comments=False,
        include_images=False, include_links=False, with_metadata=True, deduplicate=False,
    )
    if not xml:
        return "", []
    doc = lxml.etree.fromstring(xml.encode("utf-8"))
    title = " ".join((doc.get("title") or "").split())
    main = doc.find("main")
    lines: list[str] = []
    if main is not None:
        _xml_lines(main, lines)
    return title, lines


# --- the fallback: the largest content block --------------------------------------------

_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
                         "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "header", "figure",
                         "figcaption", "address", "hr"})


def _own_text_cjk(el) -> int:
    """Chinese characters of ``el`` outside links: the measure of a content block."""
    total = len(_CJK_RE.findall(el.text_content()))
    links = sum(len(_CJK_RE.findall(a.text_content())) for a in el.iter("a"))
    return total - links


def _html_lines(el, out: list[str], buf: list[str]) -> None:
    """Block elements of lxml.html as lines; tables as rows; inline text gathered into ``buf``."""
    def flush():
        line = " ".join("".join(buf).split())
        if line:
            out.append(line)
        buf.clear()

    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table":
        flush()
        for tr in el.iter("tr"):
            cells = [" ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th")]
            if any(cells):
                out.append(table_line(cells))
        return
    if tag == "br":
        flush()
        return
    block = tag in _BLOCK_TAGS
    if block:
        flush()
    if el.text:
        buf.append(el.text)
    for child in el:
        _html_lines(child, out, buf)
        if child.tail:
            buf.append(child.tail)
    if block:
        flush()


def _fallback_lines(tree) -> tuple[str, list[str]]:
    """``(title, lines)`` of the largest content block of the page (lines empty when there is none)."""
    candidates = list(tree.iter("article", "main"))
    for el in tree.iter("div", "section", "td"):
        if _tokens(el) & _CONTENT_TOKENS:
            candidates.append(el)
    title_el = next(tree.iter("h1"), None)
    if title_el is None:
        title_el = next(tree.iter("title"), None)
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    if not candidates:
        return title, []
    best = max(candidates, key=_own_text_cjk)
    if _own_text_cjk(best) < MIN_MAIN_CJK:
        return title, []
    lines: list[str] = []
    buf: list[str] = []
    _html_lines(best, lines, buf)
    if buf:
        lines.append(" ".join("".join(buf).split()))
    return title, lines


def _with_title(title: str, lines: list[str]) -> list[str]:
    """The title as the first line, where the main text does not already open with it."""
    if title and not (lines and lines[0] == title) and not _is_furniture(title):
        return [title, *lines]
    return lines


def extract(data: bytes, name: str) -> Extracted:
    """The main text of a saved web page, or an InputError when it has none."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name} is a web page of {len(data) / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB limit; "
            "save only the article page, or copy the report's text into a .txt file"
        )
    text, encoding = decode_html(data, name)
    tree = _parse(text, name)
    title, lines = _trafilatura_lines(tree)
    reader = library("trafilatura")
    lines = _clean_lines(lines)
    if _body_cjk(title, lines) < MIN_MAIN_CJK:
        title, lines = _fallback_lines(_parse(text, name))  # trafilatura may have changed the tree
        reader = f"{library('lxml')} (minsheng fallback)"
        lines = _clean_lines(lines)
        if _body_cjk(title, lines) < MIN_MAIN_CJK:
            raise InputError(
                f"{name} is a web page with no main text (only navigation, links or a list?); "
                "save the article's own page, or copy the report's text into a .txt file"
            )
    lines = _with_title(title, lines)
    return Extracted(text="\n".join(lines) + "\n", reader=reader, encoding=encoding)
