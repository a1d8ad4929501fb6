#!/usr/bin/env bash
# Install (or remove) the one-folder DoseDesk program that this script sits in, with its menu entry and icon.
#
#   sudo ./install.sh                 for every user: /opt/dosedesk, /usr/local/bin/dosedesk,
#                                     /usr/share/applications, /usr/share/icons/hicolor
#   ./install.sh --user               for you alone: ~/.local/opt/dosedesk, ~/.local/bin/dosedesk,
#                                     ~/.local/share/applications, ~/.local/share/icons/hicolor
#   ./install.sh --prefix DIR         the program in DIR/opt/dosedesk, the rest under DIR (packagers, tests)
#   add --uninstall to any of these to remove what it installs (the data folder and database stay).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode=system
prefix=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --user) mode=user ;;
    --prefix) prefix="${2:?--prefix needs a folder}"; mode=prefix; shift ;;
    --uninstall) uninstall=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

case "$mode" in
  system)
    if [ "$(id -u)" -ne 0 ]; then
      echo "install.sh: installing for every user needs root: run it with sudo, or use --user" >&2
      exit 1
    fi
    app_dir=/opt/dosedesk bin_dir=/usr/local/bin share=/usr/share ;;
  user)
    data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
    app_dir="$HOME/.local/opt/dosedesk" bin_dir="$HOME/.local/bin" share="$data_home" ;;
  prefix)
    mkdir -p "$prefix"
    prefix="$(cd "$prefix" && pwd)"
    app_dir="$prefix/opt/dosedesk" bin_dir="$prefix/bin" share="$prefix/share" ;;
esac

icon_sizes=(16 24 32 48 64 128 256 512)
desktop_file="$share/applications/dosedesk.desktop"

refresh_caches() {
  # Menus and icon themes notice new files sooner with fresh caches; a failure here harms nothing.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$share/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -rf "$app_dir"
  rm -f "$bin_dir/dosedesk" "$desktop_file" "$share/icons/hicolor/scalable/apps/dosedesk.svg"
  for size in "${icon_sizes[@]}"; do
    rm -f "$share/icons/hicolor/${size}x${size}/apps/dosedesk.png"
  done
  refresh_caches
  echo "DoseDesk removed from $app_dir"
  exit 0
fi

[ -x "$here/DoseDesk" ] || { echo "install.sh: no DoseDesk program beside this script in $here" >&2; exit 1; }
icons="$here/_internal/resources/icons"

# The program folder, replaced whole so no file of an older version stays behind.
if [ "$here" != "$app_dir" ]; then
  rm -rf "$app_dir.new"
  mkdir -p "$(dirname "$app_dir")"
  cp -a "$here" "$app_dir.new"
  rm -rf "$app_dir"
  mv "$app_dir.new" "$app_dir"
fi

mkdir -p "$bin_dir"
ln -sfn "$app_dir/DoseDesk" "$bin_dir/dosedesk"

for size in "${icon_sizes[@]}"; do
  install -D -m 644 "$icons/dosedesk-$size.png" "$share/icons/hicolor/${size}x${size}/apps/dosedesk.png"
done
install -D -m 644 "$icons/dosedesk.svg" "$share/icons/hicolor/scalable/apps/dosedesk.svg"

# The menu entry, pointing at the installed program by its full path.
mkdir -p "$share/applications"
sed -e "s|^Exec=.*|Exec=\"$app_dir/DoseDesk\"|" -e "s|^TryExec=.*|TryExec=$app_dir/DoseDesk|" \
  "$here/dosedesk.desktop" > "$desktop_file.tmp"
chmod 644 "$desktop_file.tmp"
mv "$desktop_file.tmp" "$desktop_file"
refresh_caches

echo "DoseDesk $("$app_dir/DoseDesk" --version | sed 's/^DoseDesk //') installed in $app_dir"
echo "  command:    $bin_dir/dosedesk"
echo "  menu entry: $desktop_file"
