"""Why a quote is not verbatim, in words an author can act on.

The commonest cause is typing: a straight apostrophe for the article's curly one, a hyphen for
its dash, two spaces, a capital. So a quote that matches once those are set aside gets where
it differs and the exact text to paste; one that does not gets the closest passage, and one
that is verbatim in another paragraph gets that paragraph's number.
"""

from __future__ import annotations

import difflib
import re

#: Characters that look alike on a keyboard and on the page: compared as one.
LOOKALIKE = str.maketrans(
    {
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "…": ".",
    }
)


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with look-alikes, case and runs of spaces set aside, and for each character
    its index in the original (so a match maps back to the exact words)."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = char.translate(LOOKALIKE).casefold()
        if char == "…":
            folded = "..."
        if folded.isspace():
            if out and out[-1] == " ":
                continue
            folded = " "
        for piece in folded:
            out.append(piece)
            where.append(index)
    return "".join(out), where


def _name(char: str) -> str:
    names = {
        "'": "a straight apostrophe '", "’": "a curly apostrophe ’", "‘": "a curly quote ‘",
        '"': 'a straight quote "', "“": "a curly quote “", "”": "a curly quote ”",
        "-": "a hyphen -", "–": "a dash –", "—": "a long dash —", " ": "a space",
        "\u00a0": "a no-break space",
    }
    return names.get(char, repr(char))


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|\s+|[^\w\s]", text)


def differences(typed: str, exact: str, limit: int = 3) -> list[str]:
    """Where `typed` differs from `exact`, word by word and mark by mark, as 'character N: you
    typed X, the article has Y'."""
    found: list[str] = []
    mine_tokens, their_tokens = _tokens(typed), _tokens(exact)
    offsets = [0]
    for token in mine_tokens:
        offsets.append(offsets[-1] + len(token))
    matcher = difflib.SequenceMatcher(None, mine_tokens, their_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        mine, theirs = "".join(mine_tokens[a1:a2]), "".join(their_tokens[b1:b2])
        if len(mine) == 1 and len(theirs) == 1:
            what = f"you typed {_name(mine)}, the article has {_name(theirs)}"
        elif not mine:
            what = f"the article has {theirs!r} here"
        elif not theirs:
            what = f"you typed {mine!r}, which the article does not have"
        else:
            what = f"you typed {mine!r}, the article has {theirs!r}"
        found.append(f"character {offsets[a1] + 1}: {what}")
    more = len(found) - limit
    return found[:limit] + ([f"and {more} more"] if more > 0 else [])


def _longest_prefix(quote: str, text: str) -> int:
    """How many leading characters of `quote` occur together in `text` (binary search)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def explain_quote(quote: str, number: int, paragraphs: dict[int, str]) -> str:
    """The message for a quote that is not a verbatim part of ¶number."""
    base = f"quote is not a verbatim part of ¶{number}"
    text = paragraphs[number]
    folded_text, where = _folded(text)
    folded_quote, _ = _folded(quote.strip())
    at = folded_text.find(folded_quote) if folded_quote else -1
    if at >= 0:
        end = where[at + len(folded_quote) - 1] + 1
        exact = text[where[at] : end]
        return (
            f"{base}: it differs only in {'; '.join(differences(quote, exact))}. "
            f"The exact text is: {exact}"
        )
    elsewhere = [n for n, other in sorted(paragraphs.items()) if n != number and quote in other]
    if elsewhere:
        return f"{base}, but it is verbatim in ¶{elsewhere[0]}: correct the paragraph (and the id)"
    # A quote that starts right and goes wrong: say where, and show both from there on.
    size = _longest_prefix(quote, text)
    if size >= min(15, len(quote) // 2):
        at = text.index(quote[:size])
        return (
            f"{base}: it matches up to character {size} (…{quote[max(0, size - 30):size]}), "
            f"then you typed {quote[size:size + 30]!r} where the article has "
            f"{text[at + size:at + size + 30]!r}"
        )
    # The closest passage: align the quote's longer runs with the paragraph, then widen the
    # span to whole words, for a word or two changed.
    matcher = difflib.SequenceMatcher(None, quote, text, autojunk=False)
    runs = [m for m in matcher.get_matching_blocks() if m.size >= 3]
    best, best_ratio = "", 0.0
    if runs:
        start = max(0, runs[0].b - runs[0].a)
        end = min(len(text), runs[-1].b + runs[-1].size + len(quote) - runs[-1].a - runs[-1].size)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        best = text[start:end]
        best_ratio = difflib.SequenceMatcher(None, quote, best, autojunk=False).ratio()
    if best_ratio >= 0.75:
        return (
            f"{base}; the closest passage differs in {'; '.join(differences(quote, best))}. "
            f"It reads: {best}"
        )
    return f"{base}; copy the words from article.yaml (the paragraph begins: {text[:60]!r})"
