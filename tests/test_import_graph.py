"""The package imports like a house whose rooms are stacked: no module imports itself back through
others (function-level imports included), and no view is handed the main window."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gradsim"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The gradsim modules ``name`` imports anywhere in its file (top level, functions, methods)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            stem = node.module or ""
            base = (f"{base}.{stem}" if base and stem else base or stem) if node.level else stem
            # ``from . import x`` names a module when x is one, else a name of the package
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # gradsim.ui.canvas.view.NetworkCanvas -> the module
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as [a, b, ..., a], or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_circle_lazy_imports_included():
    graph = import_graph()
    assert "gradsim.engine.trainer" in graph and graph["gradsim.engine.trainer"]  # the parse found imports
    cycle = find_cycle(graph)
    assert cycle is None, "modules import each other in a circle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_lazy_circle(tmp_path):
    """The check above can fail: a function-level import back to the importer is a circle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    pkg = tmp_path / "p"
    pkg.mkdir()
    (pkg / "x.py").write_text("from . import y\n")
    (pkg / "y.py").write_text("def f():\n    from .x import g\n")
    known = {"p.x", "p.y"}
    assert imports_of("p.y", pkg / "y.py", known) == {"p.x"}
    assert imports_of("p.x", pkg / "x.py", known) == {"p.y"}


def test_no_view_receives_the_main_window():
    """Only the window itself and the start-up that creates windows know the main window: every view,
    panel and helper is given the session (and, at most, a parent widget for its dialogs)."""
    graph = import_graph()
    allowed = {"gradsim.ui.main_window", "gradsim.ui.app"}
    users = sorted(name for name, deps in graph.items() if "gradsim.ui.main_window" in deps and name not in allowed)
    assert users == [], f"{users} import the main window"
