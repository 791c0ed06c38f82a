; oauthdesk:// for the installed app on Windows: the registry keys Windows looks up for a URL scheme
; (HKCU for a per-user install; SHCTX follows the install mode), removed again at uninstall.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\oauthdesk" "" "URL:OAuth Desk sign-in callback"
  WriteRegStr SHCTX "Software\Classes\oauthdesk" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\oauthdesk\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\oauthdesk\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\oauthdesk"
!macroend
