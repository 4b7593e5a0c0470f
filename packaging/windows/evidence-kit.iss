; Inno Setup script for Evidence Kit. build_installer.py prepends the #define lines
; (AppVersion, BundleDir, IconFile, OutputDir) and compiles it with iscc when present.
; Installs for the current user by default: no administrator password needed.

#ifndef AppVersion
  #error Run build_installer.py: it defines AppVersion, BundleDir, IconFile and OutputDir
#endif

[Setup]
AppId={{6F2B8C1E-4B7A-4E0F-9C53-2D1E7A9B5F40}
AppName=Evidence Kit
AppVersion={#AppVersion}
AppVerName=Evidence Kit {#AppVersion}
AppPublisher=Evidence Kit developers
DefaultDirName={autopf}\Evidence Kit
DefaultGroupName=Evidence Kit
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=evidence-kit-{#AppVersion}-windows-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\EvidenceKit.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Evidence Kit"; Filename: "{app}\EvidenceKit.exe"
Name: "{group}\{cm:UninstallProgram,Evidence Kit}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Evidence Kit"; Filename: "{app}\EvidenceKit.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\EvidenceKit.exe"; Description: "{cm:LaunchProgram,Evidence Kit}"; Flags: nowait postinstall skipifsilent
