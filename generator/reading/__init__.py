"""Reading content: files → the loaded model (`generator.project`), with source positions.

Only the loader reads content; every rule and output takes the `Project` it returns.
"""

from .loader import find_root, load_project

__all__ = ["find_root", "load_project"]
