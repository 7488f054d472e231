"""For instructors: a folder of hand-ins graded and summed up (`report`), who handed each one in
(`identity`), the LMS gradebook CSV (`gradebook`), and the guide's session plans checked against
the book (`course_plan`). The class page is HTML, so it lives in `pages`.

Core. May import: module, keeping, grading.
"""
