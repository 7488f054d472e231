"""The submission format at its documented path, `claimlab.submission`: the code lives in
`claimlab.keeping.submission`, and every public name of it is re-exported here."""

from .keeping.submission import (
    EDITIONS,
    READABLE_VERSIONS,
    SUBMISSION_FORMAT,
    SUBMISSION_VERSION,
    SubmissionError,
    make_submission,
    parse_submission_bytes,
    read_submission,
    save_submission,
    shorten,
    slug,
    submission_filename,
    submission_schema,
    submitted_at,
    validate_submission,
)

__all__ = [
    "EDITIONS",
    "READABLE_VERSIONS",
    "SUBMISSION_FORMAT",
    "SUBMISSION_VERSION",
    "SubmissionError",
    "make_submission",
    "parse_submission_bytes",
    "read_submission",
    "save_submission",
    "shorten",
    "slug",
    "submission_filename",
    "submission_schema",
    "submitted_at",
    "validate_submission",
]
