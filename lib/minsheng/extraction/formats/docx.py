"""Word files (.docx): paragraphs and tables of the body in document order, with python-docx.

The body's children are walked in order (paragraphs, tables, and the content of
content controls ``<w:sdt>``), so a table stands where it stands in the
document: one row a line, cells separated by ``" | "``, the header row first. A
cell spanning several columns is written once; a cell spanning several rows is
repeated in each, so every row keeps its item. Empty paragraphs are left out.
Headers, footers, footnotes, comments and text boxes are not part of the text.

A .docx is a zip: its declared sizes are checked before anything is unpacked,
so a file that would unpack to gigabytes (a zip bomb) is refused.
"""

from __future__ import annotations

import io
import zipfile

from minsheng.errors import InputError
from minsheng.extraction.formats import Extracted, library, table_line

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as declared in the zip
MAX_MEMBERS = 5000
MAX_RATIO = 100  # uncompressed / compressed size of one member; Word's XML compresses about 5-20 times
RATIO_MIN_SIZE = 1024 * 1024  # the ratio is only judged for members larger than this

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DAMAGED = "open it in Word, WPS or LibreOffice and save it again as .docx"


def check_zip(data: bytes, name: str) -> None:
    """Refuse a .docx whose zip is damaged or would unpack to too much, before unpacking anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{name} is a damaged .docx ({exc}); {_DAMAGED}") from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{name} is a .docx of {len(infos)} parts, more than {MAX_MEMBERS}; {_DAMAGED}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"{name} would unpack to {total / 2**20:,.0f} MB, more than the {MAX_UNCOMPRESSED // 2**20} MB limit "
            "(a zip bomb, or a document full of images?); save the text alone as a new .docx or .txt"
        )
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputError(
                f"{name} has a part ({i.filename}) compressed {i.file_size / max(i.compress_size, 1):,.0f} times, "
                f"more than {MAX_RATIO} (a zip bomb?); save the text alone as a new .docx or .txt"
            )


def _cell_text(tc, parent) -> str:
    """A table cell's text on one line: its paragraphs, and the rows of a table nested in it."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts = []
    for child in tc.iterchildren():
        if child.tag == f"{_W}p":
            parts.append(Paragraph(child, parent).text)
        elif child.tag == f"{_W}tbl":
            parts.extend(_table_lines(Table(child, parent)))
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], None
        for cell in row.cells:
            if cell._tc is seen:  # a cell spanning several grid columns comes once per column
                continue
            seen = cell._tc
            cells.append(_cell_text(cell._tc, cell))
        if any(cells):
            lines.append(table_line(cells))
    return lines


def _body_lines(element, parent, out: list[str]) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            for line in Paragraph(child, parent).text.split("\n"):
                line = line.replace("\t", " ").strip(" \u3000\u00a0")
                if line:
                    out.append(line)
        elif child.tag == f"{_W}tbl":
            out.extend(_table_lines(Table(child, parent)))
        elif child.tag == f"{_W}sdt":  # a content control: its content stands in the body's flow
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _body_lines(content, parent, out)


def extract(data: bytes, name: str) -> Extracted:
    """The text of a .docx, or an InputError for a damaged or hostile one."""
    check_zip(data, name)
    import docx
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        why = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        raise InputError(f"{name} is a damaged .docx ({why}); {_DAMAGED}") from None
    except Exception as exc:  # python-docx raises PackageNotFoundError, InvalidXmlError … for a broken package
        raise InputError(f"{name} is a damaged .docx ({type(exc).__name__}); {_DAMAGED}") from None
    lines: list[str] = []
    _body_lines(document.element.body, document, lines)
    if not lines:
        raise InputError(f"{name} is a .docx with no text in its body; give the report with its text")
    return Extracted(text="\n".join(lines) + "\n", reader=library("python-docx"))
