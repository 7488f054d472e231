"""Students' work kept safe: every save and bounded read (`storage`), the one hand-in format with
its schemas (`submission`, `schemas/`), memo drafts nothing can lose (`drafts`), and student text
made inert in Markdown (`mdsafe`) and on a terminal (`textsafe`).

Core. May import: nothing else in claimlab.
"""
