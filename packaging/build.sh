#!/usr/bin/env bash
# Build the one-folder bundle (dist/gradsim/) and the Linux installer archive
# (dist/gradsim-VERSION-linux-ARCH.tar.gz with install.sh / uninstall.sh). Run from anywhere.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source .ci/bootstrap
py="$GRADSIM_PYTHON"
"$py" -c "import PyInstaller" 2>/dev/null || "$py" -m pip install --quiet -e ".[package]"
"$py" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/gradsim.spec
version="$("$py" -c 'import gradsim; print(gradsim.__version__)')"
name="gradsim-$version-linux-$(uname -m)"
stage="build/$name"
bash packaging/stage.sh dist/gradsim "$stage"
tar -C build -czf "dist/$name.tar.gz" "$name"
echo "bundle:    dist/gradsim ($(du -sh dist/gradsim | cut -f1))"
echo "installer: dist/$name.tar.gz ($(du -sh "dist/$name.tar.gz" | cut -f1))"
