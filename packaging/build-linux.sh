#!/usr/bin/env bash
# Build the Linux app on this machine: dist/export-desk/ (one folder, entry point export-desk) and
# dist/export-desk_<version>_<arch>.deb (installs it under /opt, with /usr/bin/export-desk, the
# .desktop file, the AppStream metainfo, the bundle MIME types and the icon).
#   packaging/build-linux.sh            # uses ./.build-venv (made if missing); PYTHON=python3.11 to choose
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
VENV=${BUILD_VENV:-.build-venv}
APP_ID=org.aiexportdesk.ExportDesk
start=$(date +%s)

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check . 'pyinstaller>=6.10,<7'
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/export-desk.spec

version=$("$VENV/bin/python" -c 'import desktop; print(desktop.__version__)')
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
if command -v dpkg-deb >/dev/null 2>&1; then
  root=build/deb
  rm -rf "$root"
  mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/metainfo" "$root/usr/share/mime/packages" "$root/usr/share/icons/hicolor/scalable/apps"
  cp -a dist/export-desk "$root/opt/export-desk"
  ln -s /opt/export-desk/export-desk "$root/usr/bin/export-desk"
  cp "resources/$APP_ID.desktop" "$root/usr/share/applications/"
  cp "resources/$APP_ID.metainfo.xml" "$root/usr/share/metainfo/"
  cp "resources/$APP_ID.mime.xml" "$root/usr/share/mime/packages/$APP_ID.xml"
  cp resources/app-icon.svg "$root/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
  size=$(du -sk "$root" | cut -f1)
  cat > "$root/DEBIAN/control" <<CONTROL
Package: ai-export-desk
Version: $version
Architecture: $arch
Maintainer: AI Export Desk <noreply@invalid>
Installed-Size: $size
Depends: libc6, libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3
Section: office
Priority: optional
Description: Offline decision support for AI export proposals
 Four commitment levers, a live readiness assessment and sourced country data.
 Works offline: it never opens a network connection.
CONTROL
  dpkg-deb --root-owner-group --build "$root" "dist/ai-export-desk_${version}_${arch}.deb" >/dev/null
fi
echo "built dist/export-desk/export-desk ($(du -sh dist/export-desk | cut -f1)) in $(( $(date +%s) - start )) s"
ls dist/*.deb 2>/dev/null || true
