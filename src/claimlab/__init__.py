"""claimlab: data-driven exercises for reading a policy argument claim by claim.

The engine knows nothing of any particular article: a module directory supplies the article,
the taxonomy and the key, and claimlab validates, checks and renders them.
"""

from .check import ClaimFeedback, Feedback, Status, check_answers
from .errors import AnswerError, ModuleValidationError, Problem
from .load import load_module
from .model import Article, Block, Claim, ClaimType, Exercise, Module, Section, Taxonomy

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
