"""install.sh / uninstall.sh on a stand-in bundle laid out by packaging/stage.sh: what they put
under PREFIX (or DESTDIR), that the menu entry starts the app from any prefix, and that uninstall
removes exactly that. (The real bundle is built and smoke-tested by .ci/package.)"""

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from gradsim import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def stage(tmp_path: Path) -> Path:
    """An unpacked installer archive (packaging/stage.sh) around a stand-in bundle whose executable
    writes its arguments to ``launched.txt`` beside itself and echoes them."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "gradsim"
    exe.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$(readlink -f "$0")")/launched.txt"\n'
                   'echo gradsim-stand-in "$@"\n')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    (bundle / "_internal" / "lib.so").write_text("x")
    dest = tmp_path / "gradsim-0.0.0-linux-test"
    subprocess.run(["bash", str(ROOT / "packaging" / "stage.sh"), str(bundle), str(dest)], check=True)
    return dest


def install(stage_dir: Path, **env) -> subprocess.CompletedProcess:
    out = subprocess.run(["bash", str(stage_dir / "install.sh")], env=dict(os.environ, **env),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def exec_argv(value: str) -> list[str]:
    """An Exec key's value → argv, as the Desktop Entry specification defines it: the string
    escapes (\\s \\n \\t \\r \\\\) first, then double-quoted arguments (in which \\" \\` \\$ \\\\ stand
    for the character), then field codes (%% is a literal %; %f etc. are left as they are)."""
    unescaped, i = "", 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            unescaped += {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(value[i + 1], "\\" + value[i + 1])
            i += 2
        else:
            unescaped += value[i]
            i += 1
    argv, arg, quoted, i = [], None, False, 0
    while i < len(unescaped):
        c = unescaped[i]
        if quoted:
            if c == "\\" and unescaped[i + 1] in '"`$\\':
                arg += unescaped[i + 1]
                i += 1
            elif c == '"':
                quoted = False
            else:
                arg += c
        elif c == '"':
            quoted, arg = True, arg or ""
        elif c == " ":
            if arg is not None:
                argv.append(arg)
            arg = None
        else:
            assert c not in "\"'\\><~|&;$*?#()`", f"unquoted reserved character {c!r} in {value!r}"
            arg = (arg or "") + c
        i += 1
    assert not quoted, f"unterminated quote in {value!r}"
    if arg is not None:
        argv.append(arg)
    return [a if a.startswith("%") and len(a) == 2 and a != "%%" else a.replace("%%", "%") for a in argv]


def test_install_then_uninstall_leaves_nothing_behind(tmp_path):
    staged = stage(tmp_path)
    prefix = tmp_path / "prefix"
    (prefix / "share" / "applications").mkdir(parents=True)
    (prefix / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")  # not ours
    before = tree(prefix)
    install(staged, PREFIX=str(prefix))

    app = prefix / "lib" / "gradsim"
    assert (app / "gradsim").exists() and (app / "_internal" / "lib.so").exists()
    launcher = prefix / "bin" / "gradsim"
    assert launcher.is_symlink() and os.readlink(launcher) == "../lib/gradsim/gradsim"  # relocatable
    assert subprocess.run([str(launcher), "x.gradsim"], capture_output=True, text=True).stdout.strip() == \
        "gradsim-stand-in x.gradsim"
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(desktop)
    assert exec_argv(entry["Exec"]) == [str(app / "gradsim"), "%f"]
    assert entry["MimeType"] == "application/x-gradsim;" and entry["Icon"] == APP_ID
    assert (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").exists()
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    assert (prefix / "share" / "man" / "man1" / "gradsim.1").exists()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()
    for size in PNG_SIZES:
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").exists()
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert v.returncode == 0 and v.stdout.strip() == "", v.stdout
    if shutil.which("appstreamcli"):  # the installed metainfo, desktop entry and icons fit together
        v = subprocess.run(["appstreamcli", "validate-tree", "--no-net", "--strict", str(prefix)],
                           capture_output=True, text=True)
        assert v.returncode == 0, v.stdout + v.stderr
    if shutil.which("update-mime-database"):
        # shared-mime-info compiled our type: *.gradsim is now application/x-gradsim
        assert (prefix / "share" / "mime" / "application" / "x-gradsim.xml").exists()
        assert "*.gradsim" in (prefix / "share" / "mime" / "globs2").read_text()

    out = subprocess.run(["bash", str(staged / "uninstall.sh")], env=dict(os.environ, PREFIX=str(prefix)),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    # shared-mime-info's and the desktop database's caches are regenerated, not owned: they stay,
    # without gradsim in them
    caches = {"share/applications/mimeinfo.cache"}
    after = {p for p in tree(prefix) if not p.startswith("share/mime/") or p.startswith("share/mime/packages/")}
    assert after - caches == before
    for cache in caches & after:
        assert "gradsim" not in (prefix / cache).read_text()
    if shutil.which("update-mime-database"):
        assert "*.gradsim" not in (prefix / "share" / "mime" / "globs2").read_text()


ODD_PREFIXES = {
    "space": "my apps/gradsim here",
    "shell characters": "a $HOME \"quoted\" `tick` back\\slash it's",
}


@pytest.mark.parametrize("name", ODD_PREFIXES)
def test_the_menu_entry_starts_the_app_from_a_prefix_with_spaces_and_quotes(tmp_path, name):
    staged = stage(tmp_path)
    prefix = tmp_path / ODD_PREFIXES[name]
    install(staged, PREFIX=str(prefix))
    app = prefix / "lib" / "gradsim"
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert exec_argv(desktop_entry(desktop)["Exec"]) == [str(app / "gradsim"), "%f"]
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert v.returncode == 0 and v.stdout.strip() == "", v.stdout
    if shutil.which("gio"):  # GLib's launcher, as GNOME's menu uses it
        doc = tmp_path / "my net.gradsim"
        doc.write_text("{}")
        subprocess.run(["gio", "launch", str(desktop), str(doc)], check=True, timeout=30)
        launched = app / "launched.txt"
        deadline = time.monotonic() + 10
        while not launched.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert launched.read_text().splitlines() == [str(doc)]


def test_a_percent_sign_is_escaped_and_warned_about(tmp_path):
    prefix = tmp_path / "100%"
    out = install(stage(tmp_path), PREFIX=str(prefix))
    entry = desktop_entry(prefix / "share" / "applications" / f"{APP_ID}.desktop")
    assert "%%" in entry["Exec"] and exec_argv(entry["Exec"]) == [str(prefix / "lib/gradsim/gradsim"), "%f"]
    assert "%" in out.stderr and "GLib" in out.stderr


def test_destdir_stages_a_package_tree_without_manifest_or_caches(tmp_path):
    staged = stage(tmp_path)
    destdir = tmp_path / "root"
    install(staged, DESTDIR=str(destdir), PREFIX="/usr")
    files = tree(destdir)
    assert "usr/lib/gradsim/gradsim" in files and "usr/lib/gradsim/_internal/lib.so" in files
    assert os.readlink(destdir / "usr/bin/gradsim") == "../lib/gradsim/gradsim"
    entry = desktop_entry(destdir / "usr/share/applications" / f"{APP_ID}.desktop")
    assert exec_argv(entry["Exec"]) == ["/usr/lib/gradsim/gradsim", "%f"]  # where it will run, not the stage
    assert not any(".install-manifest" in f or "uninstall.sh" in f for f in files)
    assert not any(f.startswith("usr/share/mime/") and not f.startswith("usr/share/mime/packages/") for f in files)
    assert "usr/share/applications/mimeinfo.cache" not in files


def test_install_refuses_without_a_bundle(tmp_path):
    stage_dir = tmp_path / "empty"
    stage_dir.mkdir()
    shutil.copy(ROOT / "packaging" / "install.sh", stage_dir)
    out = subprocess.run(["bash", str(stage_dir / "install.sh")], env=dict(os.environ, PREFIX=str(tmp_path / "p")),
                         capture_output=True, text=True)
    assert out.returncode != 0 and "no bundle" in out.stderr


def test_uninstall_without_install_says_so(tmp_path):
    out = subprocess.run(["bash", str(ROOT / "packaging" / "uninstall.sh")],
                         env=dict(os.environ, PREFIX=str(tmp_path)), capture_output=True, text=True)
    assert out.returncode != 0 and "not installed" in out.stderr


def test_exec_parser_follows_the_specification():
    # the reference parser above, on the specification's own cases
    assert exec_argv('"/a b/c" %f') == ["/a b/c", "%f"]
    assert exec_argv('"/x\\\\$y" %U') == ["/x$y", "%U"]
    assert exec_argv('"/p\\\\\\\\q"') == ["/p\\q"]
    assert exec_argv("/bin/100%%") == ["/bin/100%"]
    with pytest.raises(AssertionError):
        exec_argv("/a$b")
