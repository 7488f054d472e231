"""What runs in a notebook's kernel: a chapter's generic parts, one call each (`chapter`), the
live ipywidgets forms (`widgets`, `memo_widget`), and which HTML stands in for a form where no
kernel runs (`display`).

Edge. May import: edition, module, keeping, grading, classroom, pages.
"""
