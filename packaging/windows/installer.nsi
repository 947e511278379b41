; 承办台 for Windows 10/11 x64: the installer `cargo xtask package` builds with Debian's makensis.
;
; Per user by default, without administrator rights (%LOCALAPPDATA%\Programs\Chengban, HKCU);
; for all users with /AllUsers when run elevated (Program Files, HKLM). Silent with /S.
;   chengban-desk-setup.exe /S                   this user, no prompt
;   chengban-desk-setup.exe /S /AllUsers         every user of the PC (run as administrator)
;   chengban-desk-setup.exe /S /D=D:\Apps\Chengban   another folder (/D last, no quotes)
; A second run upgrades in place (the same folder, found in the registry). The user's data
; (%LOCALAPPDATA%\chengban) is never touched, by an upgrade or by the uninstaller.
;
; Defined by xtask: VERSION (x.y.z), SRC (the folder holding the exe, WebView2Loader.dll,
; icon.ico) and OUTFILE; FAST for zlib instead of LZMA (the debug package CI checks).

Unicode true
Target amd64-unicode
ManifestDPIAware true
!ifdef FAST
SetCompressor zlib
!else
SetCompressor /SOLID lzma
!endif

!define APPNAME "承办台"
!define APPID "cn.chengban.desk"
!define EXE "chengban-desk.exe"
!define PUBLISHER "承办台项目"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
!define APPKEY "Software\Chengban\Desk"
; The WebView2 runtime's client id, under EdgeUpdate\Clients (value `pv` is its version).
!define WEBVIEW2 "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "Chengban"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APPKEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APPKEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallDir"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ICON "${SRC}\icon.ico"
!define MUI_UNICON "${SRC}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; Sets System.AppUserModel.ID on a shortcut ($0 the .lnk, $1 the id), so Windows shows the
; app's toasts under its own name: IShellLinkW -> IPersistFile::Load, IPropertyStore::SetValue
; and Commit, IPersistFile::Save.
Function SetShortcutAppId
  System::Call 'ole32::CoCreateInstance(g"{00021401-0000-0000-C000-000000000046}", p0, i1, g"{000214F9-0000-0000-C000-000000000046}", *p.r2) i.r3'
  ${If} $3 = 0
    System::Call '$2->0(g"{0000010b-0000-0000-C000-000000000046}", *p.r4) i.r3'
    ${If} $3 = 0
      System::Call '$4->5(w r0, i 2) i.r3'
      ${If} $3 = 0
        System::Call '$2->0(g"{886D8EEB-8CF2-4446-8D02-CDBA1DBDCF99}", *p.r5) i.r3'
        ${If} $3 = 0
          ; PROPERTYKEY {9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}, 5 and a PROPVARIANT of VT_LPWSTR
          ; (31) whose string is CoTaskMem, as PropVariantClear frees it.
          System::Call '*(g "{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}", i 5) p.r6'
          System::Call 'shlwapi::SHStrDupW(w r1, *p.r9) i.r3'
          System::Call '*(&i2 31, &i2 0, &i2 0, &i2 0, p r9, p 0) p.r8'
          System::Call '$5->6(p r6, p r8) i.r3'
          System::Call '$5->7() i.r3'
          System::Call '$5->2()'
          System::Call 'ole32::PropVariantClear(p r8)'
          System::Free $6
          System::Free $8
          System::Call '$4->6(p 0, i 1) i.r3'
        ${EndIf}
      ${EndIf}
      System::Call '$4->2()'
    ${EndIf}
    System::Call '$2->2()'
  ${EndIf}
FunctionEnd

Function .onInit
  ; MultiUser sets the folder of the install mode; a folder given with /D wins.
  StrCpy $R0 $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${If} $R0 != ""
    StrCpy $INSTDIR $R0
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

; The running app holds its exe open: ask the user to quit it (silent installs end it; the desk
; keeps every action in its outbox, so nothing is lost).
!macro WaitForAppToQuit UN
Function ${UN}WaitForAppToQuit
  ${IfNot} ${FileExists} "$INSTDIR\${EXE}"
    Return
  ${EndIf}
  retry:
  ClearErrors
  FileOpen $0 "$INSTDIR\${EXE}" a
  ${IfNot} ${Errors}
    FileClose $0
    Return
  ${EndIf}
  ${If} ${Silent}
    nsExec::Exec 'taskkill /F /IM ${EXE}'
    Pop $0
    Sleep 1000
    Goto retry
  ${EndIf}
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APPNAME}正在运行。请在任务栏右下角的托盘图标上点右键，选「退出」，然后点「重试」。" IDRETRY retry
  Abort
FunctionEnd
!macroend
!insertmacro WaitForAppToQuit ""
!insertmacro WaitForAppToQuit "un."

Section "${APPNAME}" Main
  SectionIn RO
  Call WaitForAppToQuit
  SetOutPath "$INSTDIR"
  File "${SRC}\${EXE}"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; SHCTX is HKCU for this user, HKLM for all users (MultiUser sets it).
  WriteRegStr SHCTX "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${APPKEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S /$MultiUser.InstallMode'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
  ; The toast sender's name and icon, for the id the app and its shortcut carry.
  WriteRegStr SHCTX "Software\Classes\AppUserModelId\${APPID}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "Software\Classes\AppUserModelId\${APPID}" "IconUri" "$INSTDIR\icon.ico"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icon.ico" 0
  StrCpy $0 "$SMPROGRAMS\${APPNAME}.lnk"
  StrCpy $1 "${APPID}"
  Call SetShortcutAppId
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icon.ico" 0
  StrCpy $0 "$DESKTOP\${APPNAME}.lnk"
  Call SetShortcutAppId

  ; Without the WebView2 runtime the window cannot show; the app says so too, when started.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${AndIfNot} ${FileExists} "$PROGRAMFILES32\Microsoft\EdgeWebView\Application\*.*"
    DetailPrint "未找到 Microsoft Edge WebView2 运行时：请联系信息科安装后再启动${APPNAME}。"
    ${IfNot} ${Silent}
      MessageBox MB_OK|MB_ICONINFORMATION "这台电脑还没有 Microsoft Edge WebView2 运行时，${APPNAME}的窗口需要它。$\r$\n$\r$\n请联系单位信息科安装「WebView2 运行时（常青版）」，安装后即可使用。"
    ${EndIf}
  ${EndIf}
SectionEnd

Section "Uninstall"
  Call un.WaitForAppToQuit
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  DeleteRegKey SHCTX "${APPKEY}"
  DeleteRegKey /ifempty SHCTX "Software\Chengban"
  DeleteRegKey SHCTX "Software\Classes\AppUserModelId\${APPID}"
  ; Started at login (the app's own setting) only for this user.
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APPNAME}"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${APPNAME}"
SectionEnd
