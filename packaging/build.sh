#!/usr/bin/env bash
# Build the one-folder bundle (dist/gradsim/), the Linux installer archive
# (dist/gradsim-VERSION-linux-ARCH.tar.gz with install.sh / uninstall.sh) and, where dpkg-deb and
# dpkg-shlibdeps are present, the Debian package (dist/gradsim_VERSION_ARCH.deb). Run from anywhere.
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
if command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
  rm -f dist/gradsim_*.deb
  "$py" packaging/make_deb.py "$stage" "$version" dist
  deb="$(ls dist/gradsim_*.deb)"
  echo "package:   $deb ($(du -sh "$deb" | cut -f1); installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"
else
  echo "package:   skipped (the .deb needs dpkg-deb and dpkg-shlibdeps: apt-get install dpkg-dev)"
fi
