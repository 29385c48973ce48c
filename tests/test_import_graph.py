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


def window_own_names() -> set[str]:
    """What MainWindow adds to QMainWindow: its methods, class attributes (signals) and the attributes
    its methods set (``self.x = ...``)."""
    from PySide6.QtWidgets import QMainWindow

    tree = ast.parse((PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    names = set()
    for node in ast.walk(cls):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
    for node in cls.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if not hasattr(QMainWindow, n)}


# what a module may call the window (or the widget it was given as a parent)
WINDOW_NAMES = {"window", "win", "main", "main_window", "mainwindow", "parent", "_parent", "dialog_parent", "owner"}


def reaches_into_window(path: Path, own: set[str]) -> list[str]:
    """``window.canvas``, ``self.main.session``…: uses of what only MainWindow has, in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not (isinstance(node, ast.Attribute) and node.attr in own):
            continue
        base = node.value
        name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None
        if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr in ("window", "parent"):
            name = "window"  # self.window().session, self.parent().canvas
        if name in WINDOW_NAMES:
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_view_reaches_into_the_main_window():
    """A module given the window (the docks to dock into, the menus to fill its bar, dialogs to parent)
    uses only what every QMainWindow has, never what MainWindow holds (its session, canvas, panel…)."""
    own = window_own_names()
    assert {"session", "canvas", "panel", "plots", "document", "frames"} <= own
    allowed = {"gradsim.ui.main_window", "gradsim.ui.app"}
    found = [hit for name, path in modules().items() if name not in allowed for hit in reaches_into_window(path, own)]
    assert found == [], "modules reach into the main window: " + "; ".join(found)


def test_reaching_into_the_window_is_found(tmp_path):
    bad = tmp_path / "view.py"
    bad.write_text("class V:\n    def __init__(self, window):\n        self.main = window\n"
                   "        self.main.canvas.update()\n        x = self.window().session\n")
    found = sorted(reaches_into_window(bad, {"canvas", "session"}))
    assert found == ["view.py:4 self.main.canvas", "view.py:5 self.window().session"]
