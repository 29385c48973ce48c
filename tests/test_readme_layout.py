"""The README's layout section lists every module of the package, one line each, and nothing that
does not exist."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY_INDENT = 16   # an entry's name starts before this column; a description's continuation after it


def layout_entries(readme: str) -> list[str]:
    """The paths the ``## Layout`` section's block lists (folders end with ``/``), from its tree of
    two-space indented names."""
    section = readme.split("\n## Layout\n", 1)[1]
    block = section.split("```\n", 2)[1]
    paths, folders = [], []
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or indent >= ENTRY_INDENT:
            continue  # a description's continuation
        assert indent % 2 == 0, f"layout line not indented by whole levels: {line!r}"
        name = line.split()[0]
        del folders[indent // 2:]
        path = "".join(folders) + name
        paths.append(path)
        if name.endswith("/"):
            folders.append(name)
    return paths


def test_the_layout_lists_every_module_and_only_existing_paths():
    listed = layout_entries((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(listed) == len(set(listed)), "a path is listed twice"
    missing = [p for p in listed if not (ROOT / p).exists()]
    assert missing == [], f"the README lists what does not exist: {missing}"
    folders = {p for p in listed if p.endswith("/")}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gradsim").rglob("*.py")}
    # a package's __init__.py is its folder's line
    unlisted = sorted(m for m in modules if m not in listed
                      and not (m.endswith("/__init__.py") and m[: -len("__init__.py")] in folders))
    assert unlisted == [], f"modules missing from the README's layout: {unlisted}"
    assert {m.rsplit("/", 1)[0] + "/" for m in modules} <= folders, "a package folder is not listed"


def test_the_parser_reads_nesting_and_skips_continuations():
    readme = ("\n## Layout\n\ntext\n\n```\npkg/       the package\n  a.py     first\n  sub/     inner\n"
              "    b.py   deep\n                            continued description\n  c.py     back up\n"
              "top/       another\n```\n")
    assert layout_entries(readme) == ["pkg/", "pkg/a.py", "pkg/sub/", "pkg/sub/b.py", "pkg/c.py", "top/"]
