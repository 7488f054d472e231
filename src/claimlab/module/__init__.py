"""A course module's data: the typed model (`model`), loading and validation (`load`, one file's
rules per module in `loading/`), errors that name the file, line and field (`errors`), and an
article's text read into blocks and sentences (`articletext`).

Core. May import: nothing else in claimlab.
"""
