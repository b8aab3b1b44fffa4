"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, cp1252 / latin-1 and
other legacy encodings, and a clear refusal for binary or undecodable input.

The loader calls :func:`decode_bytes` once per file; every reader then works on ``str``.
Big many-article files (JSON Lines, CSV) are decoded line by line instead, with
:func:`decode_lines`: the encoding is decided from the first megabyte.

NUL bytes: a file whose start holds more than one NUL byte in a hundred is binary; a few
stray NULs (a bad export, padding) do not make text binary, and are removed from it.

Examples
--------
>>> decode_bytes("Kyiv’s mayor".encode("cp1252")).text
'Kyiv’s mayor'
>>> decode_bytes("\\ufeffKyiv".encode("utf-8")).encoding
'utf-8-sig'
>>> decode_bytes(b"\\x00\\x01\\x02 PNG").text
Traceback (most recent call last):
...
analystkit._decode.DecodeError: binary
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = [
    "DecodeError",
    "Decoded",
    "decode_bytes",
    "decode_lines",
    "normalise_newlines",
    "split_lines",
]

# How much of the start of a file the binary check looks at.
_SNIFF = 8192
# More NUL bytes than this share of the sniffed start make a file binary; fewer are strays.
_MAX_NUL_SHARE = 0.01
# How much of a big file decode_lines reads to decide its encoding.
_STREAM_SNIFF = 1 << 20
# C0 control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_HIGH = bytes(range(128, 256))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A valid multi-byte UTF-8 sequence (used to recognise mostly-UTF-8 text with stray bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NEWLINES = re.compile(r"\r\n?")


class DecodeError(ValueError):
    """Raised when bytes are not text; ``str(exc)`` is the reason for the load report."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str


def normalise_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``; nothing else changes.

    >>> normalise_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` holds more than 1 % NUL bytes or 5 % control bytes.

    >>> looks_binary(b"One stray NUL\\x00 in " + b"a line of prose. " * 10)
    False
    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    True
    """
    head = data[:_SNIFF]
    if head.count(0) > _MAX_NUL_SHARE * len(head):
        return True
    n_control = len(head) - len(head.translate(None, _CONTROL))
    return n_control > 0.05 * len(head)


def utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for text saved as UTF-16 without its BOM.

    Mostly-Latin UTF-16 has a NUL as every other byte; text in another script has
    none of the NUL pattern and is left to the other checks (and binary files rarely
    have it all the way through).

    >>> utf16_without_bom("Russia launched 539 drones.".encode("utf-16-le"))
    'utf-16-le'
    >>> utf16_without_bom(b"plain text") is None
    True
    """
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    nul_even, nul_odd = even.count(0), odd.count(0)
    if nul_odd >= 0.7 * pairs and nul_even == 0:
        return "utf-16-le"
    if nul_even >= 0.7 * pairs and nul_odd == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode the bytes of a text file.

    Order: a byte-order mark decides; then binary detection; then the ``declared``
    encoding (an HTML ``<meta charset>``) if it decodes cleanly; then strict UTF-8; then
    mostly-UTF-8 text with a few stray legacy bytes (each stray byte read as cp1252);
    then charset-normalizer's guess, preferring cp1252 (a superset of latin-1 for text)
    where the guess has no language evidence behind it.

    Parameters
    ----------
    data : bytes
        The file's content.
    declared : str, optional
        An encoding the file declares for itself.

    Returns
    -------
    Decoded
        ``text`` with ``\\r\\n`` normalised to ``\\n``, no BOM and no NUL characters
        (stray NUL bytes are removed), and the ``encoding``.

    Raises
    ------
    DecodeError
        With the reason ``"empty"``, ``"binary"`` or ``"undecodable: …"``.
    """
    if not data or data.isspace():
        raise DecodeError("empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                reason = f"undecodable: invalid {encoding} after its BOM ({exc.reason})"
                raise DecodeError(reason) from None
            return _finish(text, encoding)
    bomless = utf16_without_bom(data[:_SNIFF])
    if bomless:
        try:
            return _finish(data.decode(bomless), bomless)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"undecodable: invalid {bomless} ({exc.reason})") from None
    if looks_binary(data):
        raise DecodeError("binary")
    if declared:
        try:
            return _finish(data.decode(declared), codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    sequences = _UTF8_MULTIBYTE.findall(data)
    if sequences:
        n_high = len(data) - len(data.translate(None, _HIGH))
        n_stray = n_high - sum(len(m) for m in sequences)
        if n_stray <= len(sequences):
            return _finish(data.decode("utf-8", errors=_STRAY_HANDLER), "utf-8 (with cp1252 bytes)")
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> Decoded:
    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    weak = (
        best is None
        or best.coherence < 0.05
        or best.encoding.startswith(("utf_16", "utf_32"))
        or "cp1252" in best.could_be_from_charset
    )
    if weak and cp1252 is not None:
        return _finish(cp1252, "cp1252")
    if best is None:
        raise DecodeError("undecodable: not UTF-8 and no plausible encoding found")
    return _finish(str(best), best.encoding)


def _finish(text: str, encoding: str) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text or text.isspace():
        raise DecodeError("empty")
    return Decoded(text, encoding)


def _stray_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read each undecodable byte as cp1252 (latin-1 where undefined)."""
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - decode only
        raise exc
    bad = exc.object[exc.start : exc.end]
    out = []
    for b in bad:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out), exc.end


_STRAY_HANDLER = "analystkit-stray-cp1252"
codecs.register_error(_STRAY_HANDLER, _stray_bytes)


def decode_lines(raw: BinaryIO) -> Iterator[str]:
    """Decode a big text file line by line, without reading it whole.

    The encoding is decided by :func:`decode_bytes` on the first megabyte (cut at its
    last line break); the rest is decoded with it. Bytes that do not decode in UTF-8 are
    read as cp1252, as :func:`decode_bytes` reads stray bytes. Each line keeps its final
    ``"\\n"`` (``"\\r\\n"`` and lone ``"\\r"`` are normalised to it); NUL characters are
    removed.

    Parameters
    ----------
    raw : binary file
        Opened for reading at its start, seekable.

    Returns
    -------
    iterator of str
        The lines, in order.

    Raises
    ------
    DecodeError
        Before any line is returned: ``"empty"``, ``"binary"`` or ``"undecodable: …"``,
        judged on the first megabyte.

    Examples
    --------
    >>> list(decode_lines(io.BytesIO(b"\\xef\\xbb\\xbfone\\r\\ntwo\\x00\\rthree")))
    ['one\\n', 'two\\n', 'three']
    """
    start = raw.tell()
    head = raw.read(_STREAM_SNIFF)
    if not raw.read(1):  # the whole file is in the head: decode it as decode_bytes does
        return split_lines(decode_bytes(head).text)
    cut = head.rfind(b"\n") + 1 or len(head)
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
    encoding = encoding or utf16_without_bom(head[:_SNIFF])
    if encoding is None:
        try:
            encoding = decode_bytes(head[:cut]).encoding
        except DecodeError as exc:
            if str(exc) != "empty":  # a megabyte of blank space: read on, as UTF-8
                raise
            encoding = "utf-8"
    encoding = "utf-8" if encoding.startswith("utf-8 ") else encoding
    errors = _STRAY_HANDLER if not encoding.startswith(("utf-16", "utf-32")) else "replace"
    raw.seek(start)
    return _lines(io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=""))


def split_lines(text: str) -> Iterator[str]:
    """Lines of decoded text, split on ``"\\n"`` only, each keeping its ``"\\n"``.

    >>> list(split_lines("a\\nb\\u2028c\\n"))
    ['a\\n', 'b\\u2028c\\n']
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _lines(stream: io.TextIOWrapper) -> Iterator[str]:
    first = True
    for line in stream:
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        if line.endswith("\r"):
            line = line[:-1] + "\n"
        elif line.endswith("\r\n"):
            line = line[:-2] + "\n"
        if "\x00" in line:
            line = line.replace("\x00", "")
        yield line
    stream.detach()
