#!/usr/bin/env bash
# Regenerate the window's translations: collect every tr()/translate() string of app/ui into dosedesk_<lang>.ts
# and every msg() sentence of the core and the services (with the protocol files' rule texts) into
# messages_<lang>.ts (keeping the translations already there, dropping strings no longer used), then compile
# both into the one .qm that the app loads. Translate new strings in the .ts files (Qt Linguist:
# .venv/bin/pyside6-linguist) and run
# this again. tests/ui/test_translations.py fails while a string lacks its Chinese translation.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV_BIN:-.venv/bin}
mapfile -t sources < <(find app/ui -name '*.py' | LC_ALL=C sort)
for lang in zh_CN; do
  ts=resources/translations/dosedesk_${lang}.ts
  "$bin/pyside6-lupdate" -silent -no-obsolete -locations none -target-language "$lang" "${sources[@]}" -ts "$ts"
  "$bin/python" tools/messages.py
  "$bin/pyside6-lrelease" -silent -removeidentical "$ts" "resources/translations/messages_${lang}.ts" -qm "resources/translations/dosedesk_${lang}.qm"
done
