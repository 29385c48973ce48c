"""packaging/make_deb.py on a stand-in bundle: the package's files, control fields and scripts, and
that copies of this system's libraries are left to Debian. (.ci/package builds the real .deb,
runs lintian, installs it with apt, runs its --selftest under Xvfb and purges it.)"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradsim import APP_ID

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not all(shutil.which(t) for t in ("dpkg-deb", "dpkg-shlibdeps", "readelf", "strip")),
                       reason="needs dpkg-dev and binutils"),
]
ROOT = Path(__file__).resolve().parents[2]


def system_zlib() -> Path:
    spec = importlib.util.spec_from_file_location("make_deb", ROOT / "packaging" / "make_deb.py")
    make_deb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_deb)
    return make_deb.system_libraries()["libz.so.1"]


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("deb")
    bundle = tmp / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy("/bin/true", bundle / "gradsim")  # an ELF executable that needs libc
    shutil.copy(system_zlib(), bundle / "_internal" / "libz.so.1")  # what PyInstaller copies from the system
    shutil.copy(system_zlib(), bundle / "_internal" / "libprivate.so.1")  # a library of the bundle's own
    (bundle / "_internal" / "libprivate.so.1").chmod(0o775)
    stage = tmp / "stage"
    subprocess.run(["bash", str(ROOT / "packaging" / "stage.sh"), str(bundle), str(stage)], check=True)
    env = dict(os.environ, DEBFULLNAME="Test Maintainer", DEBEMAIL="test@example.org")
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_deb.py"), str(stage), "9.8.7", str(tmp)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 system libraries left to Debian packages: zlib1g" in out.stdout
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    return tmp / f"gradsim_9.8.7_{arch}.deb"


def listing(deb: Path) -> dict[str, tuple[str, str, str]]:
    """path → (mode string, owner, symlink target) of every member."""
    rows = {}
    out = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        mode, owner, _size, _date, _time, path, *rest = line.split()
        rows[path.removeprefix(".")] = (mode, owner, " ".join(rest))
    return rows


def test_control_fields(deb):
    field = lambda name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,  # noqa: E731
                                        text=True, check=True).stdout.strip()
    assert field("Package") == "gradsim" and field("Version") == "9.8.7"
    assert field("Maintainer") == "Test Maintainer <test@example.org>"
    depends = [d.strip().split()[0] for d in field("Depends").split(",")]
    assert "libc6" in depends and "zlib1g" not in depends  # the stand-in's binaries need only libc
    assert field("Section") == "education" and int(field("Installed-Size")) > 0
    assert "fonts-" in field("Recommends")  # the Chinese interface needs a CJK font


def test_files_are_where_a_debian_system_expects_them(deb):
    rows = listing(deb)
    assert rows["/usr/bin/gradsim"][0].startswith("l") and rows["/usr/bin/gradsim"][2] == "-> ../lib/gradsim/gradsim"
    assert rows["/usr/lib/gradsim/gradsim"][0] == "-rwxr-xr-x"
    assert rows["/usr/lib/gradsim/_internal/libprivate.so.1"][0] == "-rw-r--r--"
    assert "/usr/lib/gradsim/_internal/libz.so.1" not in rows  # zlib1g provides it
    for path in (f"/usr/share/applications/{APP_ID}.desktop", f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
                 f"/usr/share/mime/packages/{APP_ID}.xml", f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
                 f"/usr/share/icons/hicolor/48x48/apps/{APP_ID}.png", "/usr/share/man/man1/gradsim.1.gz",
                 "/usr/share/doc/gradsim/copyright", "/usr/share/doc/gradsim/changelog.gz",
                 "/usr/share/lintian/overrides/gradsim"):
        assert path in rows, path
    assert not any("install-manifest" in p or "uninstall.sh" in p for p in rows)
    assert all(owner == "root/root" for _mode, owner, _ in rows.values())


def test_scripts_and_the_menu_entry(deb, tmp_path):
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tmp_path / "x")], check=True)
    for script in ("postinst", "postrm"):
        path = tmp_path / "x" / "DEBIAN" / script
        assert os.access(path, os.X_OK)
        assert "update-desktop-database" in path.read_text() and "update-mime-database" in path.read_text()
    md5 = (tmp_path / "x" / "DEBIAN" / "md5sums").read_text()
    assert "usr/lib/gradsim/gradsim\n" in md5
    desktop = (tmp_path / "x" / "usr/share/applications" / f"{APP_ID}.desktop").read_text()
    assert 'Exec="/usr/lib/gradsim/gradsim" %f' in desktop.splitlines()
