"""A student's words in an exported Markdown file: shown exactly as typed, never as structure.

Markdown escaping, not HTML escaping (so "costs < benefits" stays readable): every character that
could start emphasis, a link, an image, code, raw HTML, an entity or a table is escaped with a
backslash, and a line cannot start a heading, a rule or a quote, so student text cannot forge the
memo's own sections or an instructor's verdict. Links survive only as http(s) or mailto links; an
image becomes a plain link, so opening the memo loads nothing from anywhere. Control characters
are removed. static/memo.js mirrors these rules exactly; the browser tests compare the two.
"""

from __future__ import annotations

import re

# [text](url) and ![alt](url), or a bare http(s)/mailto address.
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\[\]\n]{0,500})\]\((?P<url>[^()\s]{1,2000})\)"
    r"|(?P<bare>(?<![0-9A-Za-z_])(?:https?://|mailto:)[^\s<>()\[\]\"'`]+)",
    re.IGNORECASE,
)
_SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\\]+", re.IGNORECASE)
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_TRAILING = re.compile(r"[.,;:!?]+$")
# Lines that Markdown would read as a heading, or as a setext underline or thematic break.
_HEADING_START = re.compile(r"^( {0,3})#")
_RULE_LINE = re.compile(r"^( {0,3})([-=])(?=[-=\s]*$)")
# C0 and C1 controls (tab and newline kept) and the byte-order mark, which is invisible.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _link(match: re.Match[str]) -> str:
    if match.group("bare") is not None:
        address = match.group("bare")
        trailing = _TRAILING.search(address)
        tail = trailing.group(0) if trailing else ""
        address = address[: len(address) - len(tail)]
        return f"<{address}>{_escape(tail)}" if address else _escape(match.group(0))
    url = match.group("url")
    if not _SAFE_URL.fullmatch(url):
        return _escape(match.group(0))  # javascript:, data: and the like: shown, never a link
    return f"[{_escape(match.group('text') or url)}]({url})"  # an image becomes a plain link


def _line(line: str) -> str:
    out, last = [], 0
    for match in _INLINE.finditer(line):
        out.append(_escape(line[last : match.start()]))
        out.append(_link(match))
        last = match.end()
    out.append(_escape(line[last:]))
    text = "".join(out)
    text = _HEADING_START.sub(r"\1\\#", text)
    return _RULE_LINE.sub(r"\1\\\2", text)


def clean_text(text: str) -> str:
    """Line breaks made plain and control characters removed (tabs and newlines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return _CONTROL.sub("", text.replace("\u2029", "\n"))


def student_block(text: str, indent: str = "", missing: str = "*(not written yet)*") -> str:
    """Multi-line student text as inert Markdown; lines after the first get `indent`, so text
    inside a list item stays inside it."""
    text = clean_text(text).strip()
    if not text:
        return missing
    lines = [_line(line.rstrip()) for line in text.split("\n")]
    return "\n".join([lines[0]] + [indent + line if line else "" for line in lines[1:]])


def student_line(text: str | None, missing: str) -> str:
    """A name on one line, as inert Markdown."""
    flat = " ".join(clean_text(text or "").split())
    return _line(flat) if flat else missing
