"""workflows sits below enquiries, letters and pages: it imports none of them (enquiries plug in)."""

from __future__ import annotations

import ast
from pathlib import Path

import workflows

HIGHER = ("enquiries", "templates_legal", "config", "bench", "cases.views", "cases.templatetags")


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _higher(module: str) -> bool:
    return any(module == h or module.startswith(h + ".") for h in HIGHER)


def test_workflows_imports_nothing_from_the_layers_above_it():
    root = Path(workflows.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        for module in _imports(path)
        if _higher(module)
    }
    assert offending == set()


def test_the_scan_sees_an_import_of_enquiries(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from enquiries.selectors import running_enquiry_of\n")
    assert [m for m in _imports(sample) if _higher(m)] == ["enquiries.selectors"]
