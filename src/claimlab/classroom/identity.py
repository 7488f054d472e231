"""Who handed a file in: the LMS's word (its download names) first, the typed name second.

A student types their own name, so it proves nothing; the LMS names each downloaded file or
folder after the account that submitted it, so that name is the one to trust. The patterns:

- **Canvas**, "Download Submissions" (lib/content_zipper.rb, `get_filename` and
  `add_upload_submission`): each file is renamed `<lastfirst>_<user id>_<attachment id>_<name>`,
  with `LATE` between the name and the user id when Canvas counted the submission late, e.g.
  `smithbob_340934_208490284_work.json`. `<lastfirst>` is the sortable name ("Smith, Bob") in
  lower case with every non-word character dropped; the user id is the "ID" column of Canvas's
  gradebook. Under anonymous grading the name is left out and the id is `anon_<anonymous id>`,
  which identifies the submission but is no user id.
- **Moodle**, "Download all submissions": each file or, with "Download submissions in folders"
  (the default since Moodle 3.1), each folder is named
  `<full name>_<participant id>_assignsubmission_file_` (mod/assign/locallib.php: the full name
  with `_` turned into spaces, then `_`, the assignment's participant id, then the plugin's
  subtype and type). Under blind marking the full name is "Participant". The participant id is
  the "Identifier" ("Participant N") of the assignment's grading worksheet.

Names are also normalised here (NFKC, no control or format characters, spacing collapsed) and
checked for letters from another script that look like Latin ones ("Аnа" with Cyrillic А and а).
Everything is pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

# Canvas lower-cases the name, so an upper-case LATE is never part of it.
_CANVAS = re.compile(
    r"^(?:(?!LATE_)(?P<name>\w+?)_)?(?P<late>LATE_)?(?P<id>\d+|anon_[A-Za-z0-9]+)_(?P<file>\d+)_.+$"
)
_MOODLE = re.compile(
    r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?:file|onlinetext)_(?P<rest>.*)$"
)


@dataclass(frozen=True)
class LmsIdentity:
    """The account an LMS download names: which LMS, the id it gives, the name it shows."""

    lms: str  # "canvas" or "moodle"
    id: str
    name: str
    late: bool = False  # the LMS itself marked the submission late (Canvas's LATE)

    @property
    def label(self) -> str:
        """How the class report names the account: the LMS and its id, e.g. "Canvas 340934"."""
        return f"{self.lms.capitalize()} {self.id}"


def lms_identity(relative_path: str) -> LmsIdentity | None:
    """The identity in a hand-in's path below the class folder, or None when it has none.

    The outermost part that matches wins: the LMS names the folder or the start of the file
    name, while everything inside (files in a Moodle folder, the rest of a Canvas name) is what
    the student uploaded, so a student cannot name a file to look like someone else's download.
    """
    parts = PurePosixPath(relative_path).parts
    for part in parts:
        canvas = _CANVAS.match(part)
        if canvas and part == parts[-1] and (canvas["name"] or canvas["id"].startswith("anon_")):
            late = bool(canvas["late"])
            return LmsIdentity("canvas", canvas["id"], canvas["name"] or "", late)
        moodle = _MOODLE.match(part)
        if moodle:
            return LmsIdentity("moodle", moodle["id"], moodle["name"].strip())
    return None


# What a graded form says when a hand-in has no name (the web form's words are the same:
# pages/templates/exercise.html.j2 and memo.html.j2).
REQUIRED_NAME = (
    "Type your name or LMS login first: your instructor grades this hand-in by it. "
    "Nothing was saved, and nothing in the form was lost."
)

_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


@lru_cache(maxsize=65536)  # a class has few names, each seen on many hand-ins
def clean_name(name: str | None) -> str:
    """A typed name as it counts: NFKC, invisible characters dropped, spacing collapsed.

    Canonical and compatibility equivalents ("é" as one code point or as e + accent, a
    full-width "Ａ") become one form. Empty when nothing visible is left: that hand-in is unnamed.
    """
    if name is None:
        return ""
    if name.isascii() and name.isprintable():  # the common case: NFKC leaves it as it is
        return " ".join(name.split())
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if unicodedata.category(c) in _INVISIBLE else c for c in text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def disguised(name: str | None) -> bool:
    """Whether a typed name holds characters that do not show as themselves: controls,
    invisible format characters, or compatibility forms that NFKC changes (a full-width "Ａ")."""
    text = name or ""
    if text.isascii() and text.isprintable():
        return False
    if any(unicodedata.category(c) in _INVISIBLE for c in text):
        return True
    return unicodedata.normalize("NFKC", text) != unicodedata.normalize("NFC", text)


def name_key(name: str | None) -> str:
    """Names alike but for case, spacing and Unicode form count as one student."""
    return clean_name(name).casefold()


# Letters of other scripts drawn like Latin ones (a small part of Unicode's confusables.txt,
# the Cyrillic and Greek letters a keyboard switch or a deliberate swap produces).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɑ": "a",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q",
    "Ԝ": "W", "Һ": "H", "Ӏ": "I",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


@lru_cache(maxsize=65536)
def skeleton(name: str | None) -> str:
    """The name as it looks: look-alike letters mapped to Latin, then as `name_key`."""
    return name_key(clean_name(name).translate(_LOOKALIKES))


@lru_cache(maxsize=65536)
def scripts(name: str | None) -> frozenset[str]:
    """The scripts of a name's letters (LATIN, CYRILLIC, GREEK, ...), from their Unicode names."""
    if name is not None and name.isascii():
        return frozenset({"LATIN"} if any(c.isalpha() for c in name) else ())
    found = set()
    for char in clean_name(name):
        if char.isalpha():
            found.add(unicodedata.name(char, "UNKNOWN").split(" ")[0])
    return frozenset(found)


def spelled_out(name: str) -> str:
    """The name with every non-ASCII letter shown as its code point, so look-alikes differ."""
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in name)


def _letters(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", skeleton(text))
    return sorted(c for c in plain if c.isalnum() and c.isascii())


def names_agree(typed: str | None, identity: LmsIdentity) -> bool:
    """Whether a typed name can be the LMS's name for the account.

    Canvas squashes "Smith, Bob" to "smithbob", and a student may type "Bob Smith": the two
    agree when they hold the same letters, in any order. A blind-marked Moodle download
    ("Participant") gives no name to compare, so any typed name agrees.
    """
    if identity.lms == "moodle" and identity.name.casefold().endswith("participant"):
        return True
    if not identity.name:  # Canvas's anonymous grading names no one
        return True
    if not clean_name(typed):
        return False
    return _letters(typed or "") == _letters(identity.name)
