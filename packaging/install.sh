#!/usr/bin/env bash
# Install gradsim for the current user under ${PREFIX:-$HOME/.local}: the bundle, a `gradsim`
# command, the menu entry, hicolor icons and the .gradsim MIME type. Records every file it
# writes in a manifest so uninstall.sh removes exactly those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
app="$prefix/lib/gradsim"
manifest="$app/.install-manifest"
[ -x "$here/gradsim/gradsim" ] || { echo "install.sh: no bundle at $here/gradsim (run from the unpacked archive)" >&2; exit 1; }

if [ -d "$app" ]; then "$here/uninstall.sh" >/dev/null 2>&1 || rm -rf "$app"; fi
mkdir -p "$app" "$prefix/bin" "$prefix/share/applications" "$prefix/share/mime/packages" \
         "$prefix/share/icons/hicolor/scalable/apps"
cp -a "$here/gradsim/." "$app/"
cp "$here/uninstall.sh" "$app/uninstall.sh"  # so it can be removed after the archive is gone
files=()
put() {  # put SOURCE DEST: copy one file and remember it
  mkdir -p "$(dirname "$2")"; cp "$1" "$2"; files+=("$2")
}
ln -sfn "$app/gradsim" "$prefix/bin/gradsim"; files+=("$prefix/bin/gradsim")
sed "s|^Exec=.*|Exec=$app/gradsim %f|" "$here/share/gradsim.desktop" > "$prefix/share/applications/gradsim.desktop"
files+=("$prefix/share/applications/gradsim.desktop")
put "$here/share/gradsim-mime.xml" "$prefix/share/mime/packages/gradsim.xml"
put "$here/share/icons/gradsim.svg" "$prefix/share/icons/hicolor/scalable/apps/gradsim.svg"
for png in "$here"/share/icons/gradsim-*.png; do
  size="$(basename "$png" .png)"; size="${size#gradsim-}"
  put "$png" "$prefix/share/icons/hicolor/${size}x${size}/apps/gradsim.png"
done
printf '%s\n' "${files[@]}" > "$manifest"

command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
echo "gradsim installed in $app (command: $prefix/bin/gradsim; menu entry and .gradsim file type registered)"
