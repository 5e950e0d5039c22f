; The Windows installer of "Sổ theo dõi Kế hoạch" (NSIS 3). Build it with scripts/build-installer
; (Linux) or scripts\build.ps1 (Windows), which pass:
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0
;            -DSOURCE_DIR=dist/SoTheoDoiKeHoach -DOUT_FILE=dist/SoTheoDoiKeHoach-0.1.0-setup.exe
;            scripts/installer.nsi
;
; `makensis scripts/installer.nsi` alone does the same for a plain X.Y.Z version: the version
; comes from desktop_app/__init__.py, the program from dist/SoTheoDoiKeHoach/ and the installer
; goes to dist/. SOURCE_DIR is PyInstaller's one-folder output (build.spec). The installer is
; per-user: no administrator rights, the program goes to %LOCALAPPDATA%\Programs\SoTheoDoiKeHoach
; and everything it registers (shortcuts, the .skh file type, Apps & features) is under the
; current user. The clerk's data lives elsewhere, in %LOCALAPPDATA%\SoTheoDoiKeHoach
; (desktop_app/paths.py): neither installing a new version nor uninstalling ever touches it.
;
; Exit codes (silent installs, /S): 0 done, 2 cancelled or refused folder, 3 Windows too old,
; 4 the program is running. This file is UTF-8 with a BOM (the Vietnamese text).

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include FileFunc.nsh

; Paths below are relative to this file's folder, where makensis works.
!ifndef VERSION
  !searchparse /file "../desktop_app/__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef VERSION_QUAD
  ; "1.2.3" -> 1.2.3.0; a version with letters (1.2.0rc1) needs -DVERSION_QUAD (build-installer).
  !searchparse "${VERSION}" `` VERSION_MAJOR `.` VERSION_MINOR `.` VERSION_PATCH
  !define VERSION_QUAD "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "../dist/SoTheoDoiKeHoach"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "../dist/SoTheoDoiKeHoach-${VERSION}-setup.exe"
!endif
!if /FileExists "${SOURCE_DIR}/SoTheoDoiKeHoach.exe"
!else
  !error "Không thấy ${SOURCE_DIR}/SoTheoDoiKeHoach.exe: hãy dựng chương trình bằng PyInstaller (build.spec) trước."
!endif
!ifndef ICON
  !define ICON "../resources/icons/SoTheoDoiKeHoach.ico"
!endif

!define APP_NAME "Sổ theo dõi Kế hoạch"
!define APP_ID "SoTheoDoiKeHoach"
!define EXE "SoTheoDoiKeHoach.exe"
!define CONSOLE_EXE "so-ke-hoach.exe"
!define PUBLISHER "Nhóm phát triển Sổ theo dõi Kế hoạch"
!define UNINSTALLER "uninstall.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PACKAGE_EXT ".skh"
!define PACKAGE_TYPE "SoTheoDoiKeHoach.skh"
; Qt 6 needs Windows 10 1809 (build 17763) or later.
!define MIN_WINDOWS_BUILD 17763

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
; An upgrade goes where the previous version is, whatever folder /D= chose then.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP_NAME} ngay"

; No folder page: the clerk has nothing to decide, and a folder picked by hand could be the data
; folder, which the uninstaller would then empty. /D= still works for administrators.
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

!macro RefuseOldWindows
  ; Vietnamese text, a refusal instead of a program that would not start.
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} cần Windows 10 (bản 1809) trở lên, hoặc Windows 11.$\r$\nMáy này đang chạy phiên bản Windows cũ hơn nên không cài được chương trình." /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ${WinVerGetBuild} $0
  ${If} $0 < ${MIN_WINDOWS_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} cần Windows 10 bản 1809 (số bản dựng ${MIN_WINDOWS_BUILD}) trở lên.$\r$\nMáy này có số bản dựng $0: hãy cập nhật Windows (Windows Update) rồi cài lại." /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
!macroend

; A running program keeps its .exe and DLLs open: an upgrade would delete half of _internal and
; then fail, an uninstall would leave the folder behind. Opening the .exe for writing fails
; exactly while it runs, so ask the clerk to close it first.
!macro WaitUntilClosed FILE ID
  check_${ID}:
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${FILE}"
      FileOpen $0 "$INSTDIR\${FILE}" a
      ${If} ${Errors}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} đang mở ($INSTDIR\${FILE}).$\r$\nHãy đóng chương trình rồi bấm Retry (Thử lại)." /SD IDCANCEL IDRETRY check_${ID}
        DetailPrint "${APP_NAME} đang mở: hãy đóng chương trình rồi chạy lại."
        SetErrorLevel 4
        Abort
      ${EndIf}
      FileClose $0
    ${EndIf}
!macroend

Function .onInit
  SetShellVarContext current
  !insertmacro RefuseOldWindows
  ; The program folder must never be the data folder or hold it: the uninstaller removes the
  ; program folder's contents.
  ${If} "$INSTDIR" == "$LOCALAPPDATA\${APP_ID}"
  ${OrIf} "$INSTDIR" == "$LOCALAPPDATA"
  ${OrIf} "$INSTDIR" == "$PROFILE"
    MessageBox MB_OK|MB_ICONSTOP "Không cài vào $INSTDIR: đây là thư mục dữ liệu. Hãy chọn thư mục khác." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "Chương trình" SecProgram
  SectionIn RO
  !insertmacro WaitUntilClosed "${EXE}" window
  !insertmacro WaitUntilClosed "${CONSOLE_EXE}" console
  SetOutPath "$INSTDIR"
  ; An upgrade: the old version's bundled files go first, so none of them lingers beside the
  ; new ones. Only the program's own files; the data folder is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CONSOLE_EXE}"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Overwriting keeps the shortcuts of an earlier install where the clerk knows them.
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "${APP_NAME}"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" "${APP_NAME}"

  ; A data package (.skh) opens with the program: its merge preview, nothing applied unasked.
  WriteRegStr HKCU "Software\Classes\${PACKAGE_EXT}" "" "${PACKAGE_TYPE}"
  WriteRegStr HKCU "Software\Classes\${PACKAGE_TYPE}" "" "Gói dữ liệu ${APP_NAME}"
  WriteRegStr HKCU "Software\Classes\${PACKAGE_TYPE}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${PACKAGE_TYPE}\shell\open\command" "" '"$INSTDIR\${EXE}" open-package "%1"'
  ; Tell Explorer the file types changed (SHCNE_ASSOCCHANGED), so the icon shows at once.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features (Settings > Apps): name, version, publisher, and how to uninstall.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  !insertmacro WaitUntilClosed "${EXE}" window
  !insertmacro WaitUntilClosed "${CONSOLE_EXE}" console
  ; Only what the installer put there: never RMDir /r "$INSTDIR" itself, which might be a
  ; folder the clerk also keeps other things in (/D=).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CONSOLE_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\${PACKAGE_EXT}" ""
  ${If} $0 == "${PACKAGE_TYPE}"
    DeleteRegKey HKCU "Software\Classes\${PACKAGE_EXT}"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PACKAGE_TYPE}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; The data stays: say where, so the clerk can copy it or install again and carry on.
  DetailPrint "Dữ liệu vẫn được giữ tại $LOCALAPPDATA\${APP_ID}"
  MessageBox MB_OK|MB_ICONINFORMATION "Đã gỡ ${APP_NAME} khỏi máy.$\r$\n$\r$\nDữ liệu của bạn KHÔNG bị xóa, vẫn nằm trong thư mục:$\r$\n$LOCALAPPDATA\${APP_ID}$\r$\n(các bản sao lưu ở thư mục con sao-luu).$\r$\n$\r$\nCài lại chương trình thì dữ liệu này được dùng tiếp. Muốn xóa hẳn, hãy tự xóa thư mục đó." /SD IDOK
SectionEnd
