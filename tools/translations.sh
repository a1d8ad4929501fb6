#!/usr/bin/env bash
# Regenerate the window's translations: collect every tr()/translate() string of app/ui into the .ts
# catalogue (keeping the translations already there, dropping strings no longer used), then compile the .qm
# that the app loads. Translate new strings in the .ts (Qt Linguist: .venv/bin/pyside6-linguist) and run
# this again. tests/ui/test_translations.py fails while a string lacks its Chinese translation.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV_BIN:-.venv/bin}
mapfile -t sources < <(find app/ui -name '*.py' | LC_ALL=C sort)
for lang in zh_CN; do
  ts=resources/translations/dosedesk_${lang}.ts
  "$bin/pyside6-lupdate" -silent -no-obsolete -locations none -target-language "$lang" "${sources[@]}" -ts "$ts"
  "$bin/pyside6-lrelease" -silent -removeidentical "$ts" -qm "resources/translations/dosedesk_${lang}.qm"
done
