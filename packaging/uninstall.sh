#!/usr/bin/env bash
# Remove exactly what install.sh installed (listed in its manifest), then refresh the caches.
set -euo pipefail
prefix="${PREFIX:-$HOME/.local}"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
app="$prefix/lib/gradsim"
manifest="$app/.install-manifest"
[ -f "$manifest" ] || { echo "uninstall.sh: gradsim is not installed under $prefix" >&2; exit 1; }
while IFS= read -r f; do
  [ -n "$f" ] && rm -f -- "$f"
done < "$manifest"
rm -rf -- "$app"
for d in "$prefix"/share/icons/hicolor/*/apps; do rmdir --ignore-fail-on-non-empty "$d" 2>/dev/null || true; done
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
if [ -f "$prefix/share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
  gtk-update-icon-cache -q "$prefix/share/icons/hicolor" || true
fi
echo "gradsim removed from $prefix"
