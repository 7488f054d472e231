"""A student's words in an exported Markdown file: shown exactly as typed, never as structure.

The memo is read as CommonMark and as MyST with the book's extensions (an instructor may render
it in a Jupyter Book or JupyterLab), so student text must not become a heading, a section, a list,
a quote, code, raw HTML, a link, a directive, a role, an include, a substitution or a target in
either. Markdown escaping, not HTML escaping (so "costs < benefits" stays readable):

- Every character that could open inline syntax in either reading is escaped with a backslash,
  wherever it stands: emphasis, code and fences, links and images, HTML and entities, tables,
  strikethrough, MyST roles and substitutions ({ }), math ($) and colon fences (:).
- Each line starts without indentation, and a first character that is punctuation is escaped, as
  is the dot or bracket after a leading number, so no line opens a block: a heading, a list, a
  quote, a rule or setext underline, a MyST comment (%), target ((x)=) or block break (+++).
- Nothing becomes a link, not even a bare address: the book's MyST turns "x.com" or an http(s)
  address into a link whose shown text is decoded ("%41" shows as "A", "xn--" names as other
  letters). Escaping the dot inside a word, "@", ":" and the second "/" of "//" keeps it text.

Every escape is an ASCII punctuation backslash escape, which both readings show as the character
alone, so the rendered text is what the student typed (control characters removed, spacing as
Markdown shows it). tests/test_mdsafe_properties.py proves both with Hypothesis.
pages/static/memo.js mirrors these rules exactly; the browser tests compare the two exports byte
for byte.
"""

from __future__ import annotations

import re

# Escaped wherever they stand (see above); ":" and "@" also keep an address from being linked.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~{}$:@])")
# A dot followed by more text ("x.com", "a@b.org"), or the second slash of "//": escaped, so the
# MyST reading's linkify sees no address (it reads the text on either side of an escape apart).
_LINKISH = re.compile(r"(\.(?=\S)|(?<=/)/)")
_PUNCTUATION_START = re.compile(r"^([!-/:-@\[-`{-~])")
_NUMBER_START = re.compile(r"^([0-9]+)([.)])")
# C0 and C1 controls (tab and newline kept) and the byte-order mark, which is invisible.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def _line(line: str) -> str:
    """One line of student text, stripped of its indentation, as inert Markdown."""
    text = _LINKISH.sub(r"\\\1", _SPECIAL.sub(r"\\\1", line))
    if text.startswith("\\"):
        return text  # already escaped: nothing can start here
    text = _PUNCTUATION_START.sub(r"\\\1", text)
    return _NUMBER_START.sub(r"\1\\\2", text)


def clean_text(text: str) -> str:
    """Line breaks made plain and control characters removed (tabs and newlines kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return _CONTROL.sub("", text.replace("\u2029", "\n"))


def student_block(text: str, indent: str = "", missing: str = "*(not written yet)*") -> str:
    """Multi-line student text as inert Markdown; lines after the first get `indent`, so text
    inside a list item stays inside it. A blank line stays a paragraph break."""
    text = clean_text(text).strip()
    if not text:
        return missing
    lines = [_line(line.strip()) for line in text.split("\n")]
    return "\n".join([lines[0]] + [indent + line if line else "" for line in lines[1:]])


def student_line(text: str | None, missing: str) -> str:
    """A name on one line, as inert Markdown."""
    flat = " ".join(clean_text(text or "").split())
    return _line(flat) if flat else missing
