# Build DoseDesk for Windows: the one-folder program with PyInstaller, then its Inno Setup installer.
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build-windows.ps1
#       -> dist\DoseDesk\DoseDesk.exe (+ dosedesk-cli.exe) and dist\DoseDesk-<version>-setup.exe
#   add -NoInstaller to stop after the program folder.
#
# Needs: Python 3.11 or newer for Windows (x64) on PATH or as `py`, and Inno Setup 6 for the installer.
# Every build starts clean: nothing of an earlier build is reused.
param([switch]$NoInstaller)
$ErrorActionPreference = "Stop"
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root

$venvPython = Join-Path $root ".venv\Scripts\python.exe"
if (-not (Test-Path $venvPython)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { & py -3 -m venv .venv } else { & python -m venv .venv }
    if ($LASTEXITCODE -ne 0) { throw "could not make the virtual environment .venv" }
}
& $venvPython -m pip install -q --upgrade pip
& $venvPython -m pip install -q -e ".[build]"
if ($LASTEXITCODE -ne 0) { throw "could not install DoseDesk and PyInstaller into .venv" }

$started = Get-Date
Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $root "build"), (Join-Path $root "dist\DoseDesk")
& $venvPython -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build installer\dosedesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The console twin prints; the windowed DoseDesk.exe has nowhere to print to.
$version = & (Join-Path $root "dist\DoseDesk\dosedesk-cli.exe") --version
if ($LASTEXITCODE -ne 0) { throw "the built program does not start" }
$bytes = (Get-ChildItem -Recurse -File (Join-Path $root "dist\DoseDesk") | Measure-Object -Sum Length).Sum
$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Host ("Built {0} in {1} s: dist\DoseDesk ({2:N0} MB)" -f $version, $seconds, ($bytes / 1MB))

if ($NoInstaller) { return }
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
foreach ($candidate in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                         "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
    if (-not $iscc -and (Test-Path $candidate)) { $iscc = $candidate }
}
if (-not $iscc) { throw "Inno Setup 6 is not installed (winget install JRSoftware.InnoSetup), or pass -NoInstaller" }
& $iscc /Q (Join-Path $root "installer\windows\dosedesk.iss")
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Get-ChildItem (Join-Path $root "dist\DoseDesk-*-setup.exe") | ForEach-Object { Write-Host "Installer: $($_.FullName)" }
