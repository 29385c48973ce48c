"""``pip install`` of the wheel gives the whole app: the resources (icons, the Chinese catalogue,
desktop entry, MIME type, metainfo) travel as package data, and the installed ``gradsim`` finds
them from outside the checkout. Built as ``python -m build`` does it (an sdist, then the wheel
from the unpacked sdist) and installed into a fresh virtual environment that borrows the test
environment's packages (PySide6, numpy…) through a .pth file instead of downloading them."""

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

import gradsim
from gradsim import APP_ID

pytestmark = pytest.mark.slow
pytest.importorskip("setuptools.build_meta")  # the build backend pyproject.toml names

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis")
RESOURCES = [f"gradsim/_resources/{name}" for name in (
    f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", "gradsim-mime.xml", "icons/gradsim.svg",
    "icons/gradsim-16.png", "icons/gradsim-256.png", "lessons/gradients.json", "translations/gradsim_zh_CN.qm")]


def backend(hook: str, cwd: Path, out: Path) -> Path:
    code = f"import setuptools.build_meta as b, sys; print(b.{hook}(sys.argv[1]))"
    proc = subprocess.run([sys.executable, "-c", code, str(out)], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out / proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)  # never write build/ or *.egg-info into the checkout
    sdist = backend("build_sdist", src, tmp / "dist")
    with tarfile.open(sdist) as tar:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python >= 3.11.4
        tar.extractall(tmp / "unpacked", **safe)
    return backend("build_wheel", tmp / "unpacked" / sdist.name.removesuffix(".tar.gz"), tmp / "dist")


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the test environment's packages, after the venv's own: the installed gradsim comes first
    (site / "borrowed.pth").write_text(f"{sysconfig.get_path('purelib')}\n{sysconfig.get_path('platlib')}\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True)
    return env


def run_installed(venv: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONNOUSERSITE="1")
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=180)


def test_the_wheel_holds_every_module_and_the_resources(wheel):
    listing = subprocess.run([sys.executable, "-m", "zipfile", "-l", str(wheel)], capture_output=True,
                             text=True, check=True).stdout
    names = {line.split()[0] for line in listing.splitlines()[1:]}
    missing = [r for r in RESOURCES if r not in names]
    assert not missing, f"resources missing from the wheel: {missing}"
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "gradsim").rglob("*.py")}
    assert not modules - names, ("modules missing from the wheel (add their package to [tool.setuptools] "
                                 f"packages in pyproject.toml): {sorted(modules - names)}")
    assert not any(n.endswith(".ts") or "screenshots/" in n for n in names)  # sources and README pictures stay out
    assert wheel.name.startswith(f"gradsim-{gradsim.__version__}-")


def test_the_installed_app_finds_its_resources_outside_the_checkout(venv, tmp_path):
    where = run_installed(venv, "python", "-c", "import gradsim, gradsim.paths as p; print(gradsim.__file__); "
                          "print(p.resources_dir())", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    module, resources = where.stdout.split()
    assert module.startswith(str(venv)) and resources.startswith(str(venv)), where.stdout  # not the checkout
    assert resources.endswith("gradsim/_resources")

    version = run_installed(venv, "gradsim", "--version", cwd=tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, f"gradsim {gradsim.__version__}")
    assert "deep-sigmoid" in run_installed(venv, "gradsim", "presets", cwd=tmp_path).stdout
    lesson = run_installed(venv, "python", "-c", "from gradsim.engine.lesson import builtin_path, load_builtin; "
                           "print(builtin_path()); print(len(load_builtin().steps))", cwd=tmp_path)
    assert lesson.returncode == 0, lesson.stderr
    path, steps = lesson.stdout.split()
    assert path.startswith(str(venv)) and int(steps) >= 9, lesson.stdout  # the installed copy, not the checkout

    selftest = run_installed(venv, "gradsim", "--selftest", cwd=tmp_path)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    assert "selftest: ok — icon and zh_CN catalogue loaded" in selftest.stdout


@pytest.mark.parametrize("lost", ["translations/gradsim_zh_CN.qm", "icons/gradsim.svg"])
def test_selftest_fails_when_an_install_lost_a_resource(venv, tmp_path, lost):
    resources = Path(run_installed(venv, "python", "-c", "import gradsim.paths as p; print(p.resources_dir())",
                                   cwd=tmp_path).stdout.strip())
    hidden = tmp_path / "hidden"
    shutil.move(resources / lost, hidden)
    try:
        selftest = run_installed(venv, "gradsim", "--selftest", cwd=tmp_path)
    finally:
        shutil.move(hidden, resources / lost)
    assert selftest.returncode == 1, selftest.stdout + selftest.stderr
    what = "Chinese catalogue" if lost.endswith(".qm") else "window icon"
    assert f"selftest: FAILED: the {what} did not load from {resources / lost} (no such file)" in selftest.stdout
