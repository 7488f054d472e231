"""Text from a student or a file, made safe to print on a terminal.

A name or a file name can carry escape sequences (which can clear a terminal and print a fake
result) or bidirectional controls (which can make "evil.json" read as another name). Both are
shown escaped, visibly, so an instructor sees exactly what is there.
"""

from __future__ import annotations

import unicodedata

# Characters that change how the rest of a line is shown rather than being shown themselves:
# C0/C1 controls (Cc), format characters such as bidi overrides and zero-width joiners (Cf),
# line and paragraph separators (Zl, Zp), and surrogates or unassigned code points.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def printable(text: str) -> str:
    """`text` with every control, format or separator character shown as an escape."""
    if text.isascii() and text.isprintable():
        return text  # the common case, checked cheaply (printable ASCII holds no Cf)
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
