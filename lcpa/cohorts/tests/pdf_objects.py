"""Read a PDF's objects back, enough for tests to check its tags (structure tree, language,
title). No PDF reader is among the pinned dependencies, and WeasyPrint only writes PDFs.

It reads what WeasyPrint writes: indirect objects one after the other, Flate-compressed object
streams and a cross-reference stream (or a classic trailer). It is not a general PDF parser.
"""

import re
import zlib
from dataclasses import dataclass
from typing import Any

_WHITESPACE = re.compile(rb"(?:\s|%[^\r\n]*)*")
_OBJECT_HEADER = re.compile(rb"(\d+)\s+(\d+)\s+obj")
_REFERENCE = re.compile(rb"(\d+)\s+(\d+)\s+R")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class Name(str):
    """A PDF name (/H1), told apart from a string."""


@dataclass(frozen=True)
class Ref:
    number: int


def _text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


class _Parser:
    def __init__(self, data: bytes, position: int = 0):
        self.data = data
        self.position = position

    def skip(self) -> None:
        self.position = _WHITESPACE.match(self.data, self.position).end()

    def at(self, token: bytes) -> bool:
        self.skip()
        return self.data.startswith(token, self.position)

    def take(self, token: bytes) -> None:
        if not self.at(token):
            raise ValueError(f"Expected {token!r} at byte {self.position}")
        self.position += len(token)

    def _match(self, pattern: re.Pattern) -> re.Match | None:
        match = pattern.match(self.data, self.position)
        if match:
            self.position = match.end()
        return match

    def value(self) -> Any:
        self.skip()
        if self.at(b"<<"):
            return self._dictionary()
        if self.at(b"["):
            self.take(b"[")
            items = []
            while not self.at(b"]"):
                items.append(self.value())
            self.take(b"]")
            return items
        if self.at(b"("):
            return _text(self._literal_string())
        for pattern, make in (
            (_NAME, lambda m: Name(m.group(1).decode("latin-1"))),
            (_HEX, lambda m: _text(bytes.fromhex(m.group(1).decode()))),
            (_REFERENCE, lambda m: Ref(int(m.group(1)))),
            (_NUMBER, lambda m: float(m.group()) if b"." in m.group() else int(m.group())),
        ):
            match = self._match(pattern)
            if match:
                return make(match)
        for keyword, value in _KEYWORDS.items():
            if self.data.startswith(keyword, self.position):
                self.position += len(keyword)
                return value
        raise ValueError(f"Unknown token at byte {self.position}")

    def _dictionary(self) -> dict:
        self.take(b"<<")
        result = {}
        while not self.at(b">>"):
            key = self.value()
            result[key] = self.value()
        self.take(b">>")
        return result

    def _literal_string(self) -> bytes:
        self.take(b"(")
        out, depth = bytearray(), 1
        while True:
            char = self.data[self.position : self.position + 1]
            self.position += 1
            if char == b"\\":
                following = self.data[self.position : self.position + 1]
                octal = re.match(rb"[0-7]{1,3}", self.data[self.position : self.position + 3])
                if octal:
                    out.append(int(octal.group(), 8) & 0xFF)
                    self.position += len(octal.group())
                    continue
                self.position += 1
                out += _ESCAPES.get(following, b"" if following in b"\r\n" else following)
                continue
            depth += {b"(": 1, b")": -1}.get(char, 0)
            if depth == 0:
                return bytes(out)
            out += char


@dataclass
class PdfObjects:
    objects: dict[int, Any]
    streams: dict[int, bytes]
    trailer: dict

    def resolve(self, value: Any) -> Any:
        return self.objects[value.number] if isinstance(value, Ref) else value

    @property
    def catalog(self) -> dict:
        return self.resolve(self.trailer["Root"])

    @property
    def info(self) -> dict:
        return self.resolve(self.trailer.get("Info")) or {}

    def stream(self, ref: Ref) -> bytes:
        return self.streams[ref.number]


def _inflate(dictionary: dict, raw: bytes) -> bytes:
    return zlib.decompress(raw) if dictionary.get("Filter") == "FlateDecode" else raw


def read_pdf(pdf: bytes) -> PdfObjects:
    """Every object of the PDF (those inside object streams too), by number."""
    objects: dict[int, Any] = {}
    streams: dict[int, bytes] = {}
    trailer: dict = {}
    parser = _Parser(pdf, pdf.index(b"\n") + 1)
    while True:
        parser.skip()
        header = parser._match(_OBJECT_HEADER)
        if header is None:
            break
        number, value = int(header.group(1)), parser.value()
        if parser.at(b"stream"):
            parser.take(b"stream")
            parser._match(re.compile(rb"\r?\n"))
            raw = pdf[parser.position : parser.position + value["Length"]]
            parser.position += value["Length"]
            parser.take(b"endstream")
            streams[number] = _inflate(value, raw)
            if value.get("Type") == "XRef":
                trailer = value
        parser.take(b"endobj")
        objects[number] = value
    if parser.at(b"trailer"):
        parser.take(b"trailer")
        trailer = parser.value()
    for number, value in list(objects.items()):
        if isinstance(value, dict) and value.get("Type") == "ObjStm":
            data = streams[number]
            numbers = _Parser(data)
            pairs = [(numbers.value(), numbers.value()) for _ in range(value["N"])]
            for inner, offset in pairs:
                objects[inner] = _Parser(data, value["First"] + offset).value()
    return PdfObjects(objects=objects, streams=streams, trailer=trailer)


@dataclass
class StructElement:
    type: str
    children: list["StructElement"]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def types(self) -> list[str]:
        return [element.type for element in self.walk()]


def structure_tree(pdf: PdfObjects) -> StructElement:
    """The tagged structure from the catalog's /StructTreeRoot (marked content left out)."""

    def element(value: Any) -> StructElement | None:
        node = pdf.resolve(value)
        if not isinstance(node, dict) or node.get("Type") not in ("StructElem", "StructTreeRoot"):
            return None
        kids = node.get("K", [])
        kids = kids if isinstance(kids, list) else [kids]
        children = [child for child in map(element, kids) if child is not None]
        return StructElement(type=str(node.get("S", "StructTreeRoot")), children=children)

    return element(pdf.catalog["StructTreeRoot"])
