"""Update the Chinese catalogue and compile it:

    python packaging/translations.py          # lupdate → resources/translations/gradsim_zh_CN.ts, lrelease → .qm

``pyside6-lupdate`` scans every module of ``gradsim/ui`` for ``tr("…")`` / ``self.tr("…")`` /
``QCoreApplication.translate(…)`` / ``QT_TRANSLATE_NOOP(…)`` and adds new strings to the ``.ts``
file as unfinished (keeping existing translations, dropping obsolete ones). Translate them in the
``.ts`` (Qt Linguist, or any editor), run this again, and commit both the ``.ts`` and the ``.qm``.
``tests/ui/test_translations.py`` fails, listing the strings, while any is unfinished or the
``.qm`` is out of date.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "gradsim_zh_CN.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gradsim" / "ui").rglob("*.py"))


def lupdate(ts: Path = TS) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", "zh_CN", "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


if __name__ == "__main__":
    lupdate()
    lrelease()
    print(f"{TS.relative_to(ROOT)} and {QM.relative_to(ROOT)} updated")
