// The two-pane shell: credentials on the left, details or the request tester on the right.
import { useEffect } from 'react';
import { CredentialList } from './features/credentials/credential-list';
import { DeleteDialog } from './features/credentials/delete-dialog';
import { DeviceCodeDialog } from './features/credentials/device-code-dialog';
import { AppBanner } from './features/layout/app-banner';
import { RightPane } from './features/layout/right-pane';
import { Toasts } from './features/notifications/toasts';
import { useAppStore } from './store/app-store';
import { subscribeToMainEvents } from './store/subscribe-events';

export function App() {
  useEffect(() => {
    const unsubscribe = subscribeToMainEvents(useAppStore);
    void useAppStore.getState().loadCredentials();
    void useAppStore.getState().loadPresets();
    void useAppStore.getState().loadAppInfo();
    return unsubscribe;
  }, []);
  return (
    <div className="app">
      <AppBanner />
      <div className="panes">
        <CredentialList />
        <RightPane />
      </div>
      <DeleteDialog />
      <DeviceCodeDialog />
      <Toasts />
    </div>
  );
}
