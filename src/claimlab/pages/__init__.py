"""What a reader sees without a kernel: escaped HTML from `templates/` and `static/` (`render`,
whose `mark_key` marks what the graded edition drops), figures with alt text (`figures`), the
class page (`class_page`), and MyST text with citation links (`myst_text`, `citelinks`).

Edge. May import: edition, module, keeping, grading, classroom.
"""
