"""Reports that are not plain text: recognising the format from the bytes, and dispatching.

One module per format (:mod:`.html`, :mod:`.pdf`, :mod:`.docx`), each with an
``extract(data, name) -> Extracted`` that returns the report's text as the data
contract lays it out: one paragraph (or heading) a line, every table row a line
with its cells separated by ``" | "`` and the header row first. The heavy
libraries (trafilatura, pdfplumber, python-docx) are imported inside those
functions, so reading a ``.txt`` report never pays for them.

Every problem is an :class:`~minsheng.errors.InputError` with a one-line
message that names the file and says what to do.
"""

from __future__ import annotations

import codecs
import contextlib
import importlib
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from minsheng.errors import InputError

FORMATS = ("txt", "html", "pdf", "docx")
SNIFF_BYTES = 8192  # how much of the start of a file the format is recognised from

CONVERT_DOC = "libreoffice --headless --convert-to docx FILE"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .wps, .xls, .ppt
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
}
# what may stand before <html> or <!doctype html>: whitespace, comments (IE's
# "saved from url"), an XML declaration
_HTML_PREAMBLE_RE = re.compile(r"(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)
_HTML_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# the readers' loggers: their warnings (a font without FontBBox, a date not found) would reach
# stderr through logging's last-resort handler, beside the one line minsheng promises
_LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan", "justext", "docx")


@dataclass(frozen=True)
class Extracted:
    """The text of a report read from a structured format, and how it was read."""

    text: str
    reader: str  # library and version, e.g. "pdfplumber 0.11.4"
    page_starts: tuple[int, ...] = ()  # PDF: offset in ``text`` where each page begins
    encoding: str = ""  # HTML: the character encoding the page was decoded from


def library(dist: str) -> str:
    """``"name version"`` of an installed distribution, for ``Report.reader``."""
    try:
        return f"{dist} {version(dist)}"
    except PackageNotFoundError:  # pragma: no cover - the import before would have failed
        return dist


def table_line(cells) -> str:
    """One table row as a line of the report text: cells separated by ``" | "``, no newline inside."""
    return " | ".join(" ".join(str(c or "").split()) for c in cells)


def _head_text(head: bytes) -> str:
    """The start of a file as text, good enough to look for ``<html``."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("utf-8", "ignore")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[:len(head) // 2 * 2].decode("utf-16", "ignore")
    return head.decode("latin-1")  # ASCII markup reads the same in any ASCII-compatible encoding


def looks_like_html(head: bytes) -> bool:
    """True when ``<html`` or ``<!doctype html`` opens the file, after a BOM, whitespace, comments."""
    text = _head_text(head)
    m = _HTML_PREAMBLE_RE.match(text)
    return bool(_HTML_START_RE.match(text, m.end() if m else 0))


def sniff(data: bytes, suffix: str, name: str) -> str:
    """The format of a file from its content (one of :data:`FORMATS`), or an InputError.

    Recognised by magic bytes: ``%PDF-`` (within the first 1 KB, as the PDF
    specification allows), a zip holding ``word/document.xml``, ``<html`` or
    ``<!doctype html`` at the start. The extension only decides for markup that
    lacks ``<html`` (a fragment saved as ``.html``) and names the mismatch when a
    ``.pdf`` or ``.docx`` is something else. Old Word and WPS files (OLE
    compound files), RTF, other zip files and images are refused with what to do.
    """
    head = data[:SNIFF_BYTES]
    suffix = suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            f"{name} is an old Word or WPS file (.doc/.wps, an OLE compound file), which minsheng does not read; "
            f"convert it first: {CONVERT_DOC}"
        )
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, suffix, name)
    if head.lstrip().startswith(b"{\\rtf"):
        raise InputError(f"{name} is an RTF file, which minsheng does not read; convert it first: {CONVERT_DOC}")
    for magic, what in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise InputError(
                f"{name} is {what}, not a report with text; run OCR on it first (e.g. tesseract FILE out -l chi_sim) "
                "and give the text"
            )
    if looks_like_html(head):
        return "html"
    if suffix in _HTML_SUFFIXES and _head_text(head).lstrip().startswith("<"):
        return "html"
    if suffix == ".pdf":
        raise InputError(f"{name} is named .pdf but is not a PDF (it does not start with %PDF-); give the original file")
    if suffix == ".docx":
        raise InputError(f"{name} is named .docx but is not a Word file (not a zip); give the original file")
    return "txt"


def _sniff_zip(data: bytes, suffix: str, name: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if suffix == ".docx" or b"word/" in data[:SNIFF_BYTES]:
            raise InputError(
                f"{name} is a damaged .docx (its zip structure cannot be read); open it in Word or LibreOffice "
                "and save it again"
            ) from None
        raise InputError(f"{name} is a damaged zip file; give the report as .docx, .pdf, .html or .txt") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise InputError(
            f"{name} is an OpenDocument file (.odt), which minsheng does not read; convert it first: {CONVERT_DOC}"
        )
    raise InputError(
        f"{name} is a zip file but not a Word .docx (it has no word/document.xml); give the report as .docx, .pdf, "
        ".html or .txt"
    )


def extract(fmt: str, data: bytes, name: str) -> Extracted:
    """The report's text from ``data`` in format ``fmt`` (``html``, ``pdf``, ``docx``)."""
    if fmt not in ("html", "pdf", "docx"):
        raise ValueError(f"no reader for format {fmt!r}")
    module = importlib.import_module(f"minsheng.extraction.formats.{fmt}")
    try:
        with _quiet_libraries():
            return module.extract(data, name)
    except InputError:
        raise
    except RecursionError:
        raise InputError(
            f"{name} is nested too deeply to read safely (a damaged or hostile {fmt.upper()} file?); "
            "export the report again or copy its text into a .txt file"
        ) from None
    except MemoryError:
        raise InputError(
            f"{name} needs more memory than this machine has to read; split it or copy its text into a .txt file"
        ) from None


@contextlib.contextmanager
def _quiet_libraries():
    """Silence the readers' warnings (logging and ``warnings``) while they run; restore the levels after."""
    loggers = [logging.getLogger(n) for n in _LIBRARY_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)
