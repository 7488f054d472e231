"""Grading: answers checked against the key, with the feedback students see (`check`), memos
assessed, exported and peer-reviewed (`drafting`), and the exemplar memos instructors mark
(`exemplars`).

Core. May import: module, keeping.
"""
