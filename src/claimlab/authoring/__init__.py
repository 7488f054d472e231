"""For authors of a new module: `claimlab new` and `claimlab add` (`newmodule`, from the
templates in `scaffold/`) and `claimlab suggest` (`suggest`).

Edge. May import: module.
"""
