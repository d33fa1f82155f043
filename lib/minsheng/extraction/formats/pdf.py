"""PDF reports: the text layer, page by page, with pdfplumber (MIT, on pdfminer.six).

Each page is read as lines with their positions. Characters drawn twice at
(almost) the same place, as "fake bold" does, are removed (pdfplumber's
``dedupe_chars``), and so is a line whose every character is doubled
(``民民生生工工程程`` → ``民生工程``). Ruled tables are found with
``find_tables`` and written where they stand, one row a line, cells separated
by ``" | "``; their characters are not read again as lines. A running page
number (``- 1 -``, ``第1页 共2页``, ``3/12``) on the first or last line of a page is
left out.

The line breaks that layout puts inside a paragraph are joined (``12.6亿`` /
``元`` on two lines become ``12.6亿元``), also from one page to the next; a
break is kept where a paragraph ends: after a line ending in 。！？：；, after a
line that stops more than three characters short of the right edge of the
text, before a line that is indented, starts with a list mark or heading
(一、 （一） 1． ★ 第二章), is in a font of another size, or stands after more space
than the page's usual line spacing (a blank line). ``page_starts`` gives the offset in the text where each page begins.

A page without a usable text layer (no text, ``(cid:…)`` glyphs, U+FFFD, or
fewer than :data:`MIN_PAGE_CJK` Chinese characters) is named in an
InputError that suggests OCR; it is never dropped silently. Encrypted,
damaged and oversized files are refused with a message too.
"""

from __future__ import annotations

import io
import re
import statistics
import time
from dataclasses import dataclass

from minsheng.errors import InputError
from minsheng.extraction.formats import Extracted, library, table_line

MAX_PAGES = 2000  # a report of more pages is not one report; raise it here if one is
TIME_BUDGET_S = 300.0  # reading one PDF may take this long at most
MIN_PAGE_CJK = 5  # Chinese characters a page needs to count as having a text layer
SHORT_EMS = 3.0  # a line ending this many characters before the right edge ends its paragraph
INDENT_EMS = 1.0  # a line starting this many characters right of the left edge starts a paragraph
DEDUPE_TOLERANCE = 1.0  # points: a character drawn again within this distance is the same character

OCR_HINT = ("run OCR first (e.g. ocrmypdf -l chi_sim in.pdf out.pdf) or export the report again from its source "
            "as PDF with text, .docx or .txt")

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_HARD_END_RE = re.compile(r"[。！？：；;!?:][”’」』）)】]*$")
_LIST_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,2}[、.．](?!\d)|"
    r"[★☆●○■□◆◇▲△•·]|第[一二三四五六七八九十百\d]+[章节条部分篇])"
)
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    table: bool = False


def undouble(line: str) -> str:
    """``民民生生工工程程`` → ``民生工程``: only where every character of the line is doubled."""
    n = len(line)
    if n >= 4 and n % 2 == 0 and line[0::2] == line[1::2] and _CJK_RE.search(line):
        return line[0::2]
    return line


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: no space between Chinese, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isdigit():
        return a + " " + b
    return a + b


def _cell(value) -> str:
    pieces = [p.strip() for p in str(value or "").split("\n") if p.strip()]
    out = ""
    for p in pieces:
        out = _join(out, p)
    return out


def _read_page(page) -> list[_Line]:
    """The lines of one page, tables as rows, in reading order (top to bottom)."""
    page = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    body = page.filter(outside_tables) if boxes else page
    lines = []
    for ln in body.extract_text_lines(strip=True, return_chars=True):
        text = undouble(ln["text"])
        if not text:
            continue
        sizes = [c.get("size", 0) for c in ln["chars"]] or [0]
        lines.append(_Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], statistics.median(sizes)))
    for t in tables:
        x0, top, x1, bottom = t.bbox
        rows = [[_cell(c) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        for i, r in enumerate(rows):  # rows keep their order: offset them a hair within the table's top
            lines.append(_Line(table_line(r), x0, x1, top + i * 1e-3, bottom, 0, table=True))
    lines.sort(key=lambda ln: ln.top)
    for end in (-1, 0):  # a running page number on the last or first line
        if lines and not lines[end].table and _PAGE_NUMBER_RE.match(lines[end].text):
            lines.pop(end)
    return lines


def _unusable(lines: list[_Line]) -> str | None:
    """Why a page's text layer cannot be used, or None when it can."""
    text = "".join(ln.text for ln in lines)
    if not text.strip():
        return "no text"
    if "(cid:" in text:
        return "(cid:…) glyphs"
    if "\ufffd" in text:
        return "replacement characters"
    n = len(_CJK_RE.findall(text))
    if n < MIN_PAGE_CJK:
        return f"only {n} Chinese characters"
    return None


def _usual_gap(lines: list[_Line]) -> float:
    """The median space between one text line and the next on a page (line spacing varies by document)."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if not a.table and not b.table and b.top > a.bottom]
    return statistics.median(gaps) if gaps else 0.0


def _hard_break(prev: _Line, ln: _Line, left: float, right: float, gap_limit: float | None) -> bool:
    """True where ``ln`` starts a new line of the report text rather than continuing ``prev``."""
    if prev.table or ln.table:
        return True
    if _HARD_END_RE.search(prev.text) or _LIST_START_RE.match(ln.text):
        return True
    em = max(prev.size, ln.size, 1.0)
    if right - prev.x1 > SHORT_EMS * em or ln.x0 - left > INDENT_EMS * em:
        return True
    if min(prev.size, ln.size) > 0 and max(prev.size, ln.size) / min(prev.size, ln.size) > 1.15:
        return True  # a title or heading in another size
    # a blank line between paragraphs: more space than the page's usual line spacing (same page only)
    return gap_limit is not None and ln.top - prev.bottom > max(gap_limit, 0.5 * em)


def _assemble(pages: list[list[_Line]]) -> tuple[str, tuple[int, ...]]:
    body = [ln for lines in pages for ln in lines if not ln.table]
    left = min((ln.x0 for ln in body), default=0.0)
    right = max((ln.x1 for ln in body), default=0.0)
    out: list[str] = []
    starts: list[int] = []
    length = 0  # length of "\n".join(out) so far
    prev: _Line | None = None
    for lines in pages:
        gap_limit = 1.6 * _usual_gap(lines)
        for i, ln in enumerate(lines):
            if prev is None or _hard_break(prev, ln, left, right, gap_limit if i > 0 else None):
                if out:
                    length += 1  # the "\n" before this line
                if i == 0:
                    starts.append(length)
                out.append(ln.text)
                length += len(ln.text)
            else:
                joined = _join(out[-1], ln.text)
                if i == 0:
                    starts.append(length + len(joined) - len(out[-1]) - len(ln.text))
                length += len(joined) - len(out[-1])
                out[-1] = joined
            prev = ln
    return "\n".join(out) + "\n", tuple(starts)


def _open(data: bytes, name: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, RecursionError):
            raise inner from None
        if isinstance(inner, PDFPasswordIncorrect):
            raise InputError(
                f"{name} is an encrypted PDF that opens only with a password; open it with the password and save "
                "an unencrypted copy (e.g. qpdf --password=PASSWORD --decrypt in.pdf out.pdf)"
            ) from None
        if "encrypt" in type(inner).__name__.lower() or "encrypt" in str(inner).lower():
            raise InputError(
                f"{name} is encrypted in a way that cannot be read ({inner}); save an unencrypted copy "
                "(e.g. qpdf --decrypt in.pdf out.pdf)"
            ) from None
        why = str(inner).splitlines()[0][:100] if str(inner) else type(inner).__name__
        raise InputError(f"{name} is a damaged PDF ({why}); export it again, or try qpdf in.pdf out.pdf to repair it") from None


def _declared_pages(pdf) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        return int(count)
    except Exception:  # no usable /Count: the pages are counted as they are read
        return None


def _too_many(name: str, n: str) -> InputError:
    return InputError(
        f"{name} has {n} pages, more than the limit of {MAX_PAGES} for one report "
        "(minsheng.extraction.formats.pdf.MAX_PAGES); give the report's own pages (e.g. qpdf in.pdf --pages . 1-50 -- out.pdf)"
    )


def extract(data: bytes, name: str) -> Extracted:
    """The text of a PDF with a text layer, page by page, or an InputError."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    deadline = time.monotonic() + TIME_BUDGET_S
    pdf = _open(data, name)
    declared = _declared_pages(pdf)
    if declared is not None and declared > MAX_PAGES:
        raise _too_many(name, f"{declared:,}")
    pages: list[list[_Line]] = []
    bad: list[tuple[int, str]] = []
    doctop = 0.0
    try:
        for i, page_obj in enumerate(PDFPage.create_pages(pdf.doc)):
            if i >= MAX_PAGES:
                raise _too_many(name, f"more than {MAX_PAGES:,}")
            page = Page(pdf, page_obj, page_number=i + 1, initial_doctop=doctop)
            doctop += page.height
            lines = _read_page(page)
            page.close()
            why = _unusable(lines)
            if why:
                bad.append((i + 1, why))
            pages.append(lines)
            if time.monotonic() > deadline:
                raise InputError(
                    f"{name} took more than {TIME_BUDGET_S:.0f} s to read (at page {i + 1}); "
                    "give the report's own pages, or export it again"
                )
    except (InputError, RecursionError, MemoryError):
        raise
    except Exception as exc:  # pdfminer's parser errors on a damaged page
        why = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise InputError(
            f"{name} is a damaged PDF (page {len(pages) + 1}: {why}); export it again, or try qpdf in.pdf out.pdf"
        ) from None
    if not pages:
        raise InputError(f"{name} is a PDF without pages; give the report's PDF")
    if bad:
        raise InputError(_bad_pages_message(name, bad, len(pages)))
    text, starts = _assemble(pages)
    return Extracted(text=text, reader=library("pdfplumber"), page_starts=starts)


def _bad_pages_message(name: str, bad: list[tuple[int, str]], n_pages: int) -> str:
    if len(bad) == n_pages and all(why == "no text" for _, why in bad):
        return f"{name} has no text layer on any of its {n_pages} pages (a scanned PDF?); {OCR_HINT}"
    shown = ", ".join(f"{p} ({why})" for p, why in bad[:10])
    more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
    return (f"{name}: {len(bad)} of its {n_pages} pages have no usable text layer: page {shown}{more}; "
            f"{OCR_HINT}")
