#!/usr/bin/env bash
# Install gradsim under ${PREFIX:-$HOME/.local}: the bundle in lib/gradsim, the `gradsim` command
# and its manual page, the menu entry, hicolor icons, the .gradsim MIME type and the AppStream
# metainfo (the last four named by the desktop ID below). Records every file it writes in a
# manifest so uninstall.sh removes exactly those.
#
# DESTDIR=/stage PREFIX=/usr stages the same tree for a package manager (packaging/build.sh makes
# the .deb this way): files are written under $DESTDIR$PREFIX but refer to $PREFIX, and there is no
# manifest, no uninstall.sh and no cache refresh, because the package manager owns all three.
set -euo pipefail
id=io.github.gradsim.gradsim  # = gradsim.APP_ID
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
case "$prefix" in *$'\n'*) echo "install.sh: PREFIX must not contain a newline" >&2; exit 1 ;; esac
case "$prefix" in *%*) echo "install.sh: warning: PREFIX contains '%': the menu entry writes it as %% (the" \
  "Desktop Entry specification's escape), but GLib-based desktops such as GNOME do not start such an entry" >&2 ;; esac
staging="${DESTDIR:-}"
root="$staging$prefix"  # where files are written
app="$prefix/lib/gradsim"  # where the app runs from
[ -x "$here/gradsim/gradsim" ] || { echo "install.sh: no bundle at $here/gradsim (run from the unpacked archive)" >&2; exit 1; }

exec_arg() {
  # One argument of a desktop entry's Exec key, quoted as the Desktop Entry specification says:
  # inside double quotes, \ " ` $ are escaped with a backslash; the value is then a string, whose
  # own escaping doubles every backslash; and a literal % is written %%.
  local s="$1"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//\`/\\\`}"; s="${s//\$/\\\$}"
  s="${s//\\/\\\\}"; s="${s//%/%%}"
  printf '"%s"' "$s"
}

if [ -z "$staging" ] && [ -d "$app" ]; then PREFIX="$prefix" "$here/uninstall.sh" >/dev/null 2>&1 || rm -rf "$app"; fi
mkdir -p "$root/lib/gradsim" "$root/bin"
cp -a "$here/gradsim/." "$root/lib/gradsim/"
files=()
put() {  # put SOURCE DEST: copy one file (DEST under $prefix) and remember it
  mkdir -p "$(dirname "$root/$2")"; cp "$1" "$root/$2"; chmod 644 "$root/$2"; files+=("$prefix/$2")
}
ln -sfn ../lib/gradsim/gradsim "$root/bin/gradsim"; files+=("$prefix/bin/gradsim")
mkdir -p "$root/share/applications"
exec_line="Exec=$(exec_arg "$app/gradsim") %f"
while IFS= read -r line; do
  case "$line" in Exec=*) printf '%s\n' "$exec_line" ;; *) printf '%s\n' "$line" ;; esac
done < "$here/share/$id.desktop" > "$root/share/applications/$id.desktop"
chmod 644 "$root/share/applications/$id.desktop"; files+=("$prefix/share/applications/$id.desktop")
put "$here/share/gradsim-mime.xml" "share/mime/packages/$id.xml"
put "$here/share/$id.metainfo.xml" "share/metainfo/$id.metainfo.xml"
put "$here/share/gradsim.1" "share/man/man1/gradsim.1"
put "$here/share/icons/gradsim.svg" "share/icons/hicolor/scalable/apps/$id.svg"
for png in "$here"/share/icons/gradsim-*.png; do
  size="$(basename "$png" .png)"; size="${size#gradsim-}"
  put "$png" "share/icons/hicolor/${size}x${size}/apps/$id.png"
done
if [ -n "$staging" ]; then
  echo "gradsim staged in $root (to run from $app)"
  exit 0
fi
cp "$here/uninstall.sh" "$app/uninstall.sh"  # so it can be removed after the archive is gone
printf '%s\n' "${files[@]}" > "$app/.install-manifest"

command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
if [ -f "$prefix/share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
  gtk-update-icon-cache -q "$prefix/share/icons/hicolor" || true  # only a cache that exists: never leave one behind
fi
echo "gradsim installed in $app (command: $prefix/bin/gradsim; menu entry and .gradsim file type registered)"
