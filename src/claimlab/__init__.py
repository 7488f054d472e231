"""claimlab: data-driven exercises for reading a policy argument claim by claim.

The engine knows nothing of any particular article: a module directory supplies the article,
the taxonomy and the key, and claimlab validates, checks and renders them.

Each folder is a layer and its `__init__.py` says what it holds. The core (module, keeping,
grading, classroom) imports no edge (pages, kernel, book, authoring). At the top: this public API,
`edition` (which edition is built), `cli` (the command line), and `submission` and `drafting`,
the documented paths re-exported from `keeping` and `grading`.
"""

from .grading.check import ClaimFeedback, Feedback, Status, check_answers
from .module.errors import AnswerError, ModuleValidationError, Problem
from .module.load import load_module
from .module.model import Article, Block, Claim, ClaimType, Exercise, Module, Section, Taxonomy

__all__ = [
    "AnswerError",
    "Article",
    "Block",
    "Claim",
    "ClaimFeedback",
    "ClaimType",
    "Exercise",
    "Feedback",
    "Module",
    "ModuleValidationError",
    "Problem",
    "Section",
    "Status",
    "Taxonomy",
    "check_answers",
    "load_module",
]
