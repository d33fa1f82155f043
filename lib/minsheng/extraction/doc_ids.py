"""Report ids (``doc_id``): from ``--doc-id``, or made from any file name; unique within a run.

A ``doc_id`` names a report's output folder and fills the ``doc_id`` column of
every table, so it is made of ``a-z``, ``0-9``, ``_`` and ``-`` only.

* An id given with ``--doc-id`` is lower-cased and must then be ``[a-z0-9_-]+``;
  anything else is refused (:func:`check_doc_id`).
* Otherwise it is made from the file's stem by :func:`doc_id_from_name`, which
  accepts any name (Chinese, spaces, punctuation, accents).
* Two reports of one run whose ids come out equal are told apart by
  :func:`unique_doc_ids`: in the order given, the second gets ``-2``, the third
  ``-3``, and the caller says so.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from minsheng.errors import InputError

DOC_ID_RE = re.compile(r"[a-z0-9_-]+")
EMPTY_ID = "report"  # the id of a name with nothing to keep (e.g. "《》.txt")
MAX_LEN = 100        # longer ids are cut and end in a hash of the whole name (see doc_id_from_name)
_HASH_LEN = 8

# Chinese characters: 〇, CJK Unified Ideographs and extensions A to H, compatibility ideographs
_HAN_RUN_RE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_NOT_ALLOWED_RE = re.compile(r"[^a-z0-9_-]")
_DASHES_RE = re.compile(r"-{2,}")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def check_doc_id(raw: str) -> str:
    """An id given by the user (``--doc-id``): lower-cased; refused unless it is ``[a-z0-9_-]+``."""
    candidate = raw.lower()
    if not DOC_ID_RE.fullmatch(candidate):
        raise InputError(
            f"doc_id {raw!r} (from --doc-id) is not made of a-z, 0-9, '_' and '-'; "
            "pass --doc-id with such a name"
        )
    return candidate


def _pinyin(run: str) -> str:
    from pypinyin import Style, lazy_pinyin

    # a character pypinyin has no reading for becomes a separator
    return "".join(lazy_pinyin(run, style=Style.NORMAL, errors=lambda chars: ["-"]))


def _fold(part: str) -> str:
    """Lower-cased, accents dropped (``Café`` → ``cafe``), anything outside ``[a-z0-9_-]`` → ``-``."""
    decomposed = unicodedata.normalize("NFKD", part.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALLOWED_RE.sub("-", plain)


def doc_id_from_name(stem: str) -> str:
    """The ``doc_id`` made from a file's stem; any stem gives a valid id.

    The rule, deterministic for a given pypinyin version:

    1. The stem is NFKC-normalised (full-width ``２０２０`` → ``2020``).
    2. Each run of Chinese characters is written in pinyin without tones
       (:func:`pypinyin.lazy_pinyin`, ``Style.NORMAL``, so 绿 → ``lv``), its
       syllables joined without a separator: 颍泉区民生工程总结 →
       ``yingquanquminshenggongchengzongjie``. No word segmentation is
       attempted, so the id does not depend on a segmenter's dictionary.
    3. Everything else is lower-cased and its accents are dropped (``Café`` →
       ``cafe``); any character outside ``[a-z0-9_-]`` then becomes ``-``.
    4. A ``-`` goes between a Chinese run and a letter or digit next to it
       (颍泉区2020 → ``yingquanqu-2020``); a ``_`` or ``-`` already there is kept
       as it is (颍泉区_2020 → ``yingquanqu_2020``).
    5. Runs of ``-`` become one ``-``; leading and trailing ``-`` are removed;
       nothing left gives ``report``.
    6. An id longer than :data:`MAX_LEN` characters is cut and ends in ``-`` and
       the first 8 hex digits of the SHA-1 of the stem, so that two long names
       that differ only at the end keep different ids (and a folder name stays
       far below the file systems' 255-byte limit).

    Examples: ``my report 2020`` → ``my-report-2020``; ``颍泉 区`` →
    ``yingquan-qu``; ``Yingquan_2020`` → ``yingquan_2020``.
    """
    normal = unicodedata.normalize("NFKC", stem)
    parts: list[tuple[str, bool]] = []  # (text, from a Chinese run)
    pos = 0
    for m in _HAN_RUN_RE.finditer(normal):
        parts += [(_fold(normal[pos:m.start()]), False), (_pinyin(m.group()), True)]
        pos = m.end()
    parts.append((_fold(normal[pos:]), False))
    out, prev_han = "", False
    for part, han in parts:
        if not part:
            continue
        if (han or prev_han) and out and out[-1] in _ALNUM and part[0] in _ALNUM:
            out += "-"
        out, prev_han = out + part, han
    out = _DASHES_RE.sub("-", out).strip("-")
    if not out:
        return EMPTY_ID
    if len(out) > MAX_LEN:
        digest = hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]
        out = out[:MAX_LEN - _HASH_LEN - 1].rstrip("-") + "-" + digest
    return out


def unique_doc_ids(ids: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Make the ids of one run's reports unique; return ``(ids, renamed)``.

    Reports keep their id when no other report of the run has it. Where several
    share one, the first (in the order given) keeps it and each later one gets
    the first free ``<id>-2``, ``<id>-3``, …; a suffixed id that another report
    of the run has as its own is skipped, so that report keeps its id whatever
    the order (``a``, ``a``, ``a-2`` → ``a``, ``a-3``, ``a-2``).

    ``renamed`` lists ``(index of the renamed report, index of the report that
    keeps the id, new id)`` for the caller to report.
    """
    reserved = set(ids)
    taken: dict[str, int] = {}
    out: list[str] = []
    renamed: list[tuple[int, int, str]] = []
    for i, doc_id in enumerate(ids):
        if doc_id not in taken:
            taken[doc_id] = i
            out.append(doc_id)
            continue
        n = 2
        while f"{doc_id}-{n}" in reserved or f"{doc_id}-{n}" in taken:
            n += 1
        new = f"{doc_id}-{n}"
        taken[new] = i
        out.append(new)
        renamed.append((i, taken[doc_id], new))
    return out, renamed
