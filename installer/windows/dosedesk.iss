; Inno Setup 6 script: the Windows installer for the one-folder DoseDesk that installer\dosedesk.spec builds.
;
; Build it on Windows with installer\windows\build-windows.ps1 (see installer\README.md), or by hand after
; PyInstaller has filled dist\DoseDesk:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\windows\dosedesk.iss
; The result is dist\DoseDesk-<version>-setup.exe.
;
; The version is the one built into dist\DoseDesk\DoseDesk.exe by the spec (app.__version__); pass
; /DAppVersion=... to ISCC only to override it.

#define AppName "DoseDesk"
#define AppExe "DoseDesk.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\DoseDesk"

#if !FileExists(DistDir + "\" + AppExe)
  #error dist\DoseDesk\DoseDesk.exe is missing: build the program with PyInstaller first (installer\README.md)
#endif

#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error DoseDesk.exe carries no ProductVersion: was it built with installer\dosedesk.spec?
#endif
; The four numbers Windows keeps (0.1.0 -> 0.1.0.0), as the spec wrote them into DoseDesk.exe.
#define NumericVersion GetVersionNumbersString(DistDir + "\" + AppExe)

[Setup]
; AppId identifies DoseDesk to Windows across versions (upgrades, uninstall): never change it.
AppId={{87F0F0C8-BF47-45F4-AA28-96AC6F7F7538}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=DoseDesk
AppComments=Pharmacy and coordinator desk for clinical trial NCT07343453
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for every user by default (IT desks); a user without administrator rights may install for
; themselves alone from the dialog, or with /CURRENTUSER on the command line.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\dosedesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes a running DoseDesk first, so no file is left half-replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Replace the program folder whole on an upgrade: a module left from an older version must not be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "DoseDesk for trial NCT07343453"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The database and settings live in the user's data folder, not under {app}: uninstalling leaves them.
