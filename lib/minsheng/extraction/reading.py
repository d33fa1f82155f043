"""Reading a report: bytes from disk to text, with the checks a user needs.

Offsets everywhere in the project are Python ``str`` indices into the text this
module returns: the decoded file with a byte-order mark removed and nothing
else changed (no NFKC, no whitespace folding, line ends as in the file).
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from minsheng.errors import InputError
from minsheng.extraction.doc_ids import DOC_ID_RE as DOC_ID_RE  # re-exported: the pattern of an id
from minsheng.extraction.doc_ids import check_doc_id, doc_id_from_name

_GB2312_SHARE_MIN = 0.9  # share of CJK characters in GB2312 that a genuine GB18030 text reaches


@dataclass(frozen=True)
class Report:
    """One report as read: its id, where it came from, its text and how that text was made.

    ``encoding`` is the character encoding the text was decoded from (plain text
    and web pages; empty for PDF and Word, which carry their own); ``source_file``
    the file's name as given. ``format`` is
    ``txt``, ``html``, ``pdf`` or ``docx``; ``reader`` the library and version that
    made the text (``minsheng`` for plain text); ``sha256`` that of the raw file;
    ``page_starts`` the offset in ``text`` where each PDF page begins (empty for
    other formats), see :func:`page_of`.
    """

    doc_id: str
    path: Path
    text: str
    encoding: str
    source_file: str = ""  # the file's name as given (``颍泉区民生工程总结.txt``), for the report's metadata
    format: str = "txt"
    reader: str = "minsheng"
    sha256: str = ""
    page_starts: tuple[int, ...] = ()


def page_of(report: Report, offset: int) -> int | None:
    """The 1-based PDF page on which ``report.text[offset]`` stands; None for other formats."""
    if not report.page_starts:
        return None
    return max(1, bisect.bisect_right(report.page_starts, offset))


def make_doc_id(path: Path, doc_id: str | None = None) -> str:
    """The report's id: ``doc_id`` if given (refused unless ``[a-z0-9_-]+`` once lower-cased),
    else made from the file's stem by :func:`minsheng.extraction.doc_ids.doc_id_from_name`
    (pinyin for Chinese, ``-`` for anything else outside ``[a-z0-9_-]``)."""
    return doc_id_from_name(path.stem) if doc_id is None else check_doc_id(doc_id)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def _plausible_chinese(text: str) -> bool:
    """True when the CJK characters of a GB18030 decoding are mostly common (GB2312) ones.

    Big5 or Shift-JIS bytes often decode as GB18030 without error but give rare
    characters; a genuine GB text is almost entirely within GB2312.
    """
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return all(ord(c) < 0x3000 for c in text)
    common = 0
    for c in cjk:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(cjk) >= _GB2312_SHARE_MIN


def decode(data: bytes, name: str = "the report") -> tuple[str, str]:
    """Decode report bytes; return ``(text, encoding)`` or raise :class:`InputError`.

    Accepted: UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030 (and so GBK
    and GB2312). Anything else is refused with a message saying what to do.
    """
    if not data:
        raise InputError(f"{name} is empty; give a plain-text report with its figures")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(f"{name} starts with a UTF-8 byte-order mark but is not valid UTF-8; re-save it as UTF-8") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{name} starts with a UTF-16 byte-order mark but is not valid UTF-16; re-save it as UTF-8") from None
    if _looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not plain text; give the report as a .txt file in UTF-8 or GB18030")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return text, "gb18030"
    raise InputError(
        f"{name} is neither UTF-8, UTF-16 with a byte-order mark nor GB18030/GBK text; "
        "convert it to UTF-8 (e.g. iconv -f BIG5 -t UTF-8)"
    )


def read_report(path: str | Path, doc_id: str | None = None) -> Report:
    """Read one report file (plain text, web page, PDF or .docx); every problem is an :class:`InputError`.

    The format is recognised from the content (see
    :func:`minsheng.extraction.formats.sniff`), not only from the extension.
    """
    from minsheng.extraction.formats import extract, sniff

    p = Path(path)
    if not p.exists():
        raise InputError(f"report {str(p)!r} does not exist; give the path of a plain-text report")
    if p.is_dir():
        raise InputError(f"report {str(p)!r} is a folder; give the path of a plain-text report file")
    did = make_doc_id(p, doc_id)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"report {str(p)!r} cannot be read ({exc.strerror}); check its permissions") from None
    name = f"report {str(p)!r}"
    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff(data, p.suffix, name) if data else "txt"
    if fmt == "txt":
        text, encoding = decode(data, name=name)
        return Report(doc_id=did, path=p, text=text, encoding=encoding, source_file=p.name,
                      format="txt", reader="minsheng", sha256=digest)
    got = extract(fmt, data, name)
    return Report(doc_id=did, path=p, text=got.text, encoding=got.encoding, source_file=p.name,
                  format=fmt, reader=got.reader, sha256=digest, page_starts=got.page_starts)
