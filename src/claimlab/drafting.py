"""The memo's assessment and exports at their documented path, `claimlab.drafting`: the code
lives in `claimlab.grading.drafting`, and every public name of it is re-exported here."""

from .grading.drafting import (
    CITATION,
    WORD,
    Assessment,
    Check,
    PeerReview,
    article_reference,
    assess,
    blank_answers,
    cited_paragraphs,
    count_words,
    draft_submission,
    memo_markdown,
    peer_review_markdown,
)

__all__ = [
    "CITATION",
    "WORD",
    "Assessment",
    "Check",
    "PeerReview",
    "article_reference",
    "assess",
    "blank_answers",
    "cited_paragraphs",
    "count_words",
    "draft_submission",
    "memo_markdown",
    "peer_review_markdown",
]
