"""install.sh / uninstall.sh on a stand-in bundle: what they put under PREFIX, and that uninstall
removes exactly that. (The real bundle is built and smoke-tested by .ci/run's packaging step.)"""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _stage(tmp_path: Path) -> Path:
    """Lay out an unpacked installer archive exactly as packaging/build.sh does."""
    stage = tmp_path / "gradsim-0.0.0-linux-test"
    bundle = stage / "gradsim"
    bundle.mkdir(parents=True)
    exe = bundle / "gradsim"
    exe.write_text("#!/bin/sh\necho gradsim-stand-in \"$@\"\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    (bundle / "_internal").mkdir()
    (bundle / "_internal" / "lib.so").write_text("x")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(ROOT / "packaging" / script, stage / script)
    (stage / "share" / "icons").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "gradsim.desktop", stage / "share")
    shutil.copy(ROOT / "resources" / "gradsim-mime.xml", stage / "share")
    for icon in (ROOT / "resources" / "icons").glob("gradsim*.[ps][nv]g"):
        shutil.copy(icon, stage / "share" / "icons")
    return stage


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_install_then_uninstall_leaves_nothing_behind(tmp_path):
    stage = _stage(tmp_path)
    prefix = tmp_path / "prefix"
    prefix.mkdir()
    (prefix / "share" / "applications").mkdir(parents=True)
    (prefix / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")  # not ours
    before = _tree(prefix)
    env = dict(os.environ, PREFIX=str(prefix))
    out = subprocess.run(["bash", str(stage / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr

    app = prefix / "lib" / "gradsim"
    assert (app / "gradsim").exists() and (app / "_internal" / "lib.so").exists()
    launcher = prefix / "bin" / "gradsim"
    assert launcher.is_symlink()
    assert subprocess.run([str(launcher), "x.gradsim"], capture_output=True, text=True).stdout.strip() == \
        "gradsim-stand-in x.gradsim"
    desktop = prefix / "share" / "applications" / "gradsim.desktop"
    text = desktop.read_text()
    assert f"Exec={app}/gradsim %f" in text and "MimeType=application/x-gradsim;" in text
    assert (prefix / "share" / "mime" / "packages" / "gradsim.xml").exists()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "gradsim.svg").exists()
    for size in (16, 32, 48, 64, 128, 256):
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "gradsim.png").exists()
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert v.returncode == 0 and "error" not in v.stdout.lower(), v.stdout
    if shutil.which("update-mime-database"):
        # shared-mime-info compiled our type: *.gradsim is now application/x-gradsim
        assert (prefix / "share" / "mime" / "application" / "x-gradsim.xml").exists()
        assert "*.gradsim" in (prefix / "share" / "mime" / "globs2").read_text()

    out = subprocess.run(["bash", str(stage / "uninstall.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    # shared-mime-info's and the desktop database's caches are regenerated, not owned: they stay,
    # without gradsim in them
    caches = {"share/applications/mimeinfo.cache"}
    after = {p for p in _tree(prefix) if not p.startswith("share/mime/") or p.startswith("share/mime/packages/")}
    assert after - caches == before
    for cache in caches & after:
        assert "gradsim" not in (prefix / cache).read_text()
    if shutil.which("update-mime-database"):
        assert "*.gradsim" not in (prefix / "share" / "mime" / "globs2").read_text()


def test_install_refuses_without_a_bundle(tmp_path):
    stage = tmp_path / "empty"
    stage.mkdir()
    shutil.copy(ROOT / "packaging" / "install.sh", stage)
    out = subprocess.run(["bash", str(stage / "install.sh")], env=dict(os.environ, PREFIX=str(tmp_path / "p")),
                         capture_output=True, text=True)
    assert out.returncode != 0 and "no bundle" in out.stderr


def test_uninstall_without_install_says_so(tmp_path):
    out = subprocess.run(["bash", str(ROOT / "packaging" / "uninstall.sh")],
                         env=dict(os.environ, PREFIX=str(tmp_path)), capture_output=True, text=True)
    assert out.returncode != 0 and "not installed" in out.stderr


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_is_valid():
    out = subprocess.run(["desktop-file-validate", str(ROOT / "resources" / "gradsim.desktop")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout
