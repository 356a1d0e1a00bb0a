"""Imports run one way: portal ← movements ← notifications ← initiatives ← registrations ← scoring
← awards ← reports ← dashboard ← desk ← showcase ← demo.

Read from the source with `ast`, so a new import anywhere in an app is caught: an app may use
the apps below it, never one built on it — neither by an import nor by a lazy model reference
such as ForeignKey("scoring.CriteriaSet").
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "portal",
    "movements",
    "notifications",
    "initiatives",
    "registrations",
    "scoring",
    "awards",
    "reports",
    "dashboard",
    "desk",
    "showcase",
    "demo",
]
# The site's URL root composes every app's URLs; it is the one module allowed to name them.
COMPOSITION_ROOTS = {Path("portal/urls.py")}
LAZY_MODEL = re.compile(r"^(\w+)\.[A-Z]\w*$")


def _modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative not in COMPOSITION_ROOTS:
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _references(tree):
    """(line, top-level name) of every import and every lazy “app.Model” string."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = LAZY_MODEL.match(node.value)
            if match:
                yield node.lineno, match[1]


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_uses_no_app_built_on_it(app):
    later = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = [
        f"{path}:{line} → {name}"
        for path, tree in _modules(app)
        for line, name in _references(tree)
        if name in later
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_check_sees_a_wrong_import(tmp_path):
    tree = ast.parse('from awards.models import Nominee\nx = models.ForeignKey("scoring.Band")')
    assert [name for _, name in _references(tree)] == ["awards", "scoring"]
