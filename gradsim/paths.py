"""Where gradsim's own files live at run time: icons, translations, the desktop entry, the MIME type
and the AppStream metainfo.

They are kept in the repository's top-level ``resources/`` folder. An installed wheel carries them
as the package data ``gradsim/_resources/`` (``pyproject.toml`` maps that package onto
``resources/``), and the PyInstaller bundle puts them at the same place (``packaging/gradsim.spec``),
so both are found through :mod:`importlib.resources`. Only a source checkout, where nothing was
copied, uses ``resources/`` beside the package.

gradsim is installed unzipped (pip unpacks wheels, PyInstaller writes data files to disk), so the
result is a real :class:`pathlib.Path` that Qt can open.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGED = "_resources"  # gradsim/_resources in a wheel or bundle
ICON = ("icons", "gradsim.svg")  # the window icon; the PNGs beside it are renderings for the desktop


def resources_dir() -> Path:
    packaged = Path(str(files("gradsim") / PACKAGED))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"  # a source checkout


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
