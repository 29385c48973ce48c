"""Build the Debian package from the installer folder that packaging/stage.sh lays out:

    python packaging/make_deb.py STAGE VERSION OUTDIR     # packaging/build.sh runs it

The package holds what ``install.sh`` installs for a user, staged with ``DESTDIR`` and
``PREFIX=/usr``: the bundle in /usr/lib/gradsim, the /usr/bin/gradsim link, the desktop entry,
hicolor icons, the MIME type, the AppStream metainfo and the manual page, plus
/usr/share/doc/gradsim, lintian's overrides and the maintainer scripts (packaging/debian/). Two
things differ from the self-contained archive:

* Shared libraries PyInstaller copied from this Debian system into the bundle (byte for byte the
  files a Debian package installed: libxcb-cursor, libxkbcommon, fontconfig, glib…) are left out,
  so that Debian's packages (and their security updates) provide them.
* Depends is what ``dpkg-shlibdeps`` finds for every ELF file left in the bundle, with the minimum
  versions from Debian's symbols files. The libraries that came with the build's Python and the
  wheels (libpython, Qt 6, ICU, OpenBLAS) stay private to /usr/lib/gradsim.

It also strips the libraries (as dh_strip would), removes library search paths that name folders
of the build machine, and compresses the manual page. The Maintainer field comes from
``DEBFULLNAME``/``DEBEMAIL`` (the Debian tools' variables), or else from git's user.name and
user.email. Needs dpkg-dev (dpkg-deb, dpkg-shlibdeps, dpkg-architecture), binutils (readelf,
strip) and, when the build's Python records such a search path, patchelf.
"""

from __future__ import annotations

import argparse
import email.utils
import filecmp
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP = Path("usr/lib/gradsim")  # inside the package root
SUMMARY = "simulator that makes vanishing and exploding gradients visible"
DESCRIPTION = """\
gradsim is a desktop simulator for the lesson on vanishing and exploding
gradients. Draw a neural network or pick one, press Play and watch
backpropagation: every edge coloured by the size of its gradient, a live
per-layer gradient plot, and the chain rule worked out with real numbers for
any weight. Then switch a remedy on (ReLU, LeakyReLU, ELU, batch
normalization, residual links, better initialisation, clipping) and watch the
early layers learn again.
.
This package is a PyInstaller build that brings its own Python, Qt 6
(PySide6), numpy and pyqtgraph."""
# The interface has a Chinese translation, which needs a CJK font.
RECOMMENDS = "fonts-wqy-microhei | fonts-noto-cjk"


def run(*cmd, **kw) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        raise SystemExit(f"make_deb: {cmd[0]} failed (exit {out.returncode}):\n{out.stderr.strip()}")
    return out.stdout


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def system_libraries() -> dict[str, Path]:
    """soname → path of this machine's libraries for the package's architecture (``ldconfig -p``)."""
    multiarch = f"/{run('dpkg-architecture', '-qDEB_HOST_MULTIARCH').strip()}/"
    libs = {}
    for line in run("/sbin/ldconfig", "-p").splitlines()[1:]:
        m = re.match(r"\s*(\S+) \(.*\) => (\S+)$", line)
        if m and multiarch in m.group(2):
            libs.setdefault(m.group(1), Path(m.group(2)))
    return libs


def debian_owner(path: Path) -> str | None:
    """The Debian package that installed ``path`` (any of its /usr-merged spellings), or None."""
    candidates = {str(path), os.path.realpath(path)}
    for p in list(candidates):
        candidates.add(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for p in candidates:
        out = subprocess.run(["dpkg-query", "-S", p], capture_output=True, text=True)
        if out.returncode == 0:
            return out.stdout.split(":", 1)[0].strip()
    return None


def unbundle_system_libraries(app: Path) -> list[tuple[str, str]]:
    """Delete the bundle's copies of libraries a Debian package installed on this machine (same
    name, same bytes); returns (file, package) for each."""
    system = system_libraries()
    removed = []
    for path in sorted(app.rglob("*.so*")):
        sys_path = system.get(path.name)
        if sys_path is None or not is_elf(path) or not filecmp.cmp(path, sys_path, shallow=False):
            continue
        owner = debian_owner(sys_path)
        if owner:
            path.unlink()
            removed.append((str(path.relative_to(app)), owner))
    return removed


def load_segments_aligned(path: Path) -> bool:
    """Whether every LOAD segment's file offset and address agree modulo its alignment, as the
    dynamic loader requires ("ELF load command address/offset not page-aligned" otherwise)."""
    for line in run("readelf", "-lW", str(path)).splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            offset, vaddr, align = int(f[1], 16), int(f[2], 16), int(f[-1], 16)
            if align > 1 and (offset - vaddr) % align:
                return False
    return True


def strip_libraries(app: Path) -> tuple[int, list[str]]:
    """Strip the shared libraries that still carry a symbol table, as Debian's dh_strip does; the
    executable is left alone (PyInstaller appends its archive to it). binutils' strip misplaces
    the segments of some libraries that auditwheel rewrote with patchelf (the wheels' OpenBLAS):
    a stripped copy that would not load is thrown away and the library kept as it came.
    Returns (number stripped, names kept unstripped)."""
    stripped, kept = 0, []
    for path in sorted(app.rglob("*.so*")):
        if not is_elf(path) or " .symtab " not in run("readelf", "-S", "--wide", str(path)):
            continue
        trial = path.with_name(path.name + ".stripped")
        run("strip", "--remove-section=.comment", "--remove-section=.note", "--strip-unneeded",
            "-o", str(trial), str(path))
        if load_segments_aligned(trial):
            trial.replace(path)
            stripped += 1
        else:
            trial.unlink()
            kept.append(path.name)
    return stripped, kept


def drop_build_machine_runpaths(app: Path) -> int:
    """Remove RPATH/RUNPATH entries that name a folder of the build machine (a Python built with
    --enable-shared, e.g. by pyenv, records its own lib folder in libpython and its extension
    modules); the ``$ORIGIN`` ones the wheels use to find their neighbours stay."""
    n = 0
    for path in sorted(app.rglob("*")):
        if not is_elf(path):
            continue
        m = re.search(r"\((?:RPATH|RUNPATH)\)\s+Library r(?:un)?path: \[(.*)\]", run("readelf", "-d", str(path)))
        if not m:
            continue
        entries = m.group(1).split(":")
        keep = [e for e in entries if e.startswith("$ORIGIN")]
        if keep != entries:
            if shutil.which("patchelf") is None:
                raise SystemExit(f"make_deb: {path.name} has the search path {m.group(1)!r} of the build "
                                 "machine; install patchelf to remove it")
            run("patchelf", *(["--set-rpath", ":".join(keep)] if keep else ["--remove-rpath"]), str(path))
            n += 1
    return n


def compress_manual(root: Path) -> None:
    for page in root.glob("usr/share/man/man*/*.[1-9]"):
        with open(page, "rb") as src, open(f"{page}.gz", "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as z:
            z.write(src.read())
        page.unlink()


def shlib_depends(root: Path) -> str:
    """``dpkg-shlibdeps`` over every ELF file under ``root``; the bundle's own library folders are
    searched first, so only what the system must provide becomes a dependency."""
    elfs = [p for p in sorted(root.rglob("*")) if is_elf(p)]
    private = sorted({str(p.parent) for p in elfs if ".so" in p.name})
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "debian").mkdir()
        (Path(tmp) / "debian" / "control").write_text("Source: gradsim\n\nPackage: gradsim\nArchitecture: any\n")
        out = run("dpkg-shlibdeps", "-O", "--warnings=0", *[f"-l{d}" for d in private], *map(str, elfs), cwd=tmp)
    m = re.search(r"^shlibs:Depends=(.*)$", out, re.M)
    if not m:
        raise SystemExit(f"make_deb: dpkg-shlibdeps gave no dependencies:\n{out}")
    return m.group(1)


def maintainer() -> str:
    def git_config(key: str) -> str:
        got = subprocess.run(["git", "-C", str(HERE), "config", key], capture_output=True, text=True)
        return got.stdout.strip() if got.returncode == 0 else ""

    name = os.environ.get("DEBFULLNAME") or git_config("user.name")
    mail = os.environ.get("DEBEMAIL") or git_config("user.email")
    if not (name and mail):
        raise SystemExit("make_deb: set DEBFULLNAME and DEBEMAIL for the package's Maintainer field")
    return f"{name} <{mail}>"


def normalise_modes(root: Path, executables: set[Path]) -> None:
    """Directories 0755, files 0644, the listed executables and maintainer scripts 0755."""
    for p in [root, *root.rglob("*")]:
        if p.is_symlink():
            continue
        if p.is_dir():
            p.chmod(0o755)
        else:
            p.chmod(0o755 if p in executables else 0o644)


def write_docs(root: Path, version: str, who: str) -> None:
    doc = root / "usr/share/doc/gradsim"
    doc.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "debian" / "copyright", doc / "copyright")
    when = email.utils.formatdate(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
    changelog = (f"gradsim ({version}) unstable; urgency=medium\n\n"
                 f"  * Release {version}, built from the PyInstaller bundle.\n\n -- {who}  {when}\n")
    with open(doc / "changelog.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as z:
        z.write(changelog.encode())


def write_control(root: Path, version: str, arch: str, who: str, depends: str) -> None:
    debian = root / "DEBIAN"
    size_kib = sum(-(-p.stat().st_size // 1024) for p in root.rglob("*") if p.is_file() and not p.is_symlink()
                   and debian not in p.parents)
    (debian / "control").write_text(
        f"Package: gradsim\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {who}\n"
        f"Installed-Size: {size_kib}\nDepends: {depends}\nRecommends: {RECOMMENDS}\n"
        f"Section: education\nPriority: optional\nDescription: {SUMMARY}\n"
        + "".join(f" {line}\n" for line in DESCRIPTION.splitlines()))
    sums = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink() and debian not in p.parents:
            sums.append(f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(root)}\n")
    (debian / "md5sums").write_text("".join(sums))


def build(stage: Path, version: str, outdir: Path) -> Path:
    who = maintainer()
    arch = run("dpkg", "--print-architecture").strip()
    with tempfile.TemporaryDirectory(prefix="gradsim-deb-") as tmp:
        root = Path(tmp) / "root"
        subprocess.run(["bash", str(stage / "install.sh")], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, DESTDIR=str(root), PREFIX="/usr"))
        removed = unbundle_system_libraries(root / APP)
        print(f"make_deb: {len(removed)} system libraries left to Debian packages: "
              + ", ".join(sorted({pkg for _f, pkg in removed})))
        stripped, unstrippable = strip_libraries(root / APP)
        repathed = drop_build_machine_runpaths(root / APP)  # after strip, which can undo patchelf's layout
        print(f"make_deb: stripped {stripped} libraries (left as they came: {', '.join(unstrippable) or 'none'}); "
              f"removed the build machine's library search path from {repathed} files")
        compress_manual(root)
        (root / "DEBIAN").mkdir()
        depends = shlib_depends(root)
        for script in ("postinst", "postrm"):
            shutil.copy(HERE / "debian" / "maintscript", root / "DEBIAN" / script)
        write_docs(root, version, who)
        overrides = root / "usr/share/lintian/overrides"
        overrides.mkdir(parents=True)
        shutil.copy(HERE / "debian" / "lintian-overrides", overrides / "gradsim")
        normalise_modes(root, {root / APP / "gradsim", root / "DEBIAN/postinst", root / "DEBIAN/postrm"})
        write_control(root, version, arch, who, depends)
        outdir.mkdir(parents=True, exist_ok=True)
        deb = outdir / f"gradsim_{version}_{arch}.deb"
        # xz at level 1: a third of the default level's time for 14 % more bytes (zstd would be
        # faster still, but lintian and the Debian archive accept only xz and gzip)
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(root), str(deb)], check=True,
                       stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build gradsim's .deb from the installer folder.")
    p.add_argument("stage", type=Path, help="the folder packaging/stage.sh laid out")
    p.add_argument("version")
    p.add_argument("outdir", type=Path)
    a = p.parse_args(argv)
    deb = build(a.stage, a.version, a.outdir)
    print(f"make_deb: {deb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
