"""analystkit._decode: bytes to text, and the reasons when they are not text."""

from __future__ import annotations

import codecs
import random

import pytest

from analystkit._decode import DecodeError, decode_bytes, looks_binary, normalise_newlines

CURLY = "Kyiv’s mayor said the attack was “cynical” — 23 injured. Café."


def test_utf8_is_read_as_is():
    assert decode_bytes(CURLY.encode("utf-8")).text == CURLY


def test_utf8_bom_is_dropped():
    decoded = decode_bytes(codecs.BOM_UTF8 + CURLY.encode("utf-8"))
    assert decoded.text == CURLY
    assert decoded.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding):
    assert decode_bytes(CURLY.encode(encoding)).text == CURLY


def test_cp1252_curly_quotes_are_decoded():
    decoded = decode_bytes(CURLY.encode("cp1252"))
    assert decoded.text == CURLY
    assert decoded.encoding == "cp1252"


def test_short_cp1252_text_is_not_misread_as_utf16():
    assert decode_bytes("café ’".encode("cp1252")).text == "café ’"


def test_latin1_is_decoded():
    text = "Le président a déclaré que la situation était grave à Kyiv. © 2022"
    assert decode_bytes(text.encode("latin-1")).text == text


def test_cyrillic_legacy_encoding_is_recognised():
    text = "Россия атаковала Киев дронами ночью, сообщили власти города."
    assert decode_bytes(text.encode("cp1251")).text == text


def test_mostly_utf8_with_a_stray_cp1252_byte():
    data = "Kyiv’s mayor – and Kharkiv’s – said".encode() + b" \x93no\x94."
    assert decode_bytes(data).text == "Kyiv’s mayor – and Kharkiv’s – said “no”."


def test_declared_encoding_is_tried_first():
    text = "Россия атаковала Киев"
    assert decode_bytes(text.encode("koi8_r"), declared="koi8-r").text == text


def test_declared_encoding_that_does_not_fit_is_ignored():
    assert decode_bytes(CURLY.encode("utf-8"), declared="ascii").text == CURLY


def test_newlines_are_normalised():
    assert decode_bytes(b"a\r\nb\rc\n").text == "a\nb\nc\n"
    assert normalise_newlines("x\r\n\r\ny") == "x\n\ny"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n "])
def test_empty(data):
    with pytest.raises(DecodeError, match=r"^empty$"):
        decode_bytes(data)


def test_binary():
    data = random.Random(0).randbytes(4096)
    assert looks_binary(data)
    with pytest.raises(DecodeError, match=r"^binary$"):
        decode_bytes(data)


def test_control_bytes_without_nul_are_binary():
    with pytest.raises(DecodeError, match=r"^binary$"):
        decode_bytes(bytes(range(1, 9)) * 20 + b"some text")


def test_undecodable():
    rng = random.Random(1)
    data = bytes(rng.choice([*range(0x80, 0x100), 0x20]) for _ in range(400))
    with pytest.raises(DecodeError, match=r"^undecodable"):
        decode_bytes(data)


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)
