#!/usr/bin/env bash
# Lay out the folder of the Linux installer archive: BUNDLE (PyInstaller's dist/gradsim) as
# gradsim/, install.sh and uninstall.sh, and share/ with the desktop entry, the MIME type, the
# AppStream metainfo and the icons from resources/, and the manual page. build.sh packs it (and
# makes the .deb from it); the tests lay out a stand-in bundle the same way.
# Usage: packaging/stage.sh BUNDLE DEST
set -euo pipefail
[ "$#" = 2 ] || { echo "usage: $0 BUNDLE DEST" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
id=io.github.gradsim.gradsim  # = gradsim.APP_ID
bundle="$1"; dest="$2"
rm -rf "$dest"; mkdir -p "$dest/share/icons"
cp -a "$bundle" "$dest/gradsim"
cp "$root/packaging/install.sh" "$root/packaging/uninstall.sh" "$dest/"
cp "$root/resources/$id.desktop" "$root/resources/$id.metainfo.xml" "$root/resources/gradsim-mime.xml" \
   "$root/packaging/gradsim.1" "$dest/share/"
cp "$root/resources/icons/gradsim.svg" "$root/resources/icons"/gradsim-*.png "$dest/share/icons/"
