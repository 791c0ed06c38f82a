// The two-pane shell under the environment switcher: credentials on the left, details or the request tester on the right, with
// a handle between them to resize the list (never past 40% of the window, so the right pane keeps
// room at 700 px).
import { useEffect } from 'react';
import { CredentialList } from './features/credentials/credential-list';
import { DeleteDialog } from './features/credentials/delete-dialog';
import { DeviceCodeDialog } from './features/credentials/device-code-dialog';
import { ApprovalPrompt } from './features/broker/approval-prompt';
import { subscribeToBrokerEvents } from './features/broker/broker-store';
import { AppBanner } from './features/layout/app-banner';
import { EnvironmentSwitcher } from './features/environments/environment-switcher';
import { PaneResizer, useListWidth } from './features/layout/pane-resizer';
import { RightPane } from './features/layout/right-pane';
import { Toasts } from './features/notifications/toasts';
import { CommandPalette } from './features/palette/command-palette';
import { useAppStore } from './store/app-store';
import { subscribeToMainEvents } from './store/subscribe-events';

export function App() {
  const [listWidth, setListWidth] = useListWidth();
  useEffect(() => {
    const unsubscribe = subscribeToMainEvents(useAppStore);
    const unsubscribeBroker = subscribeToBrokerEvents();
    void useAppStore.getState().loadCredentials();
    void useAppStore.getState().loadActiveEnvironment();
    void useAppStore.getState().loadPresets();
    void useAppStore.getState().loadAppInfo();
    return () => {
      unsubscribe();
      unsubscribeBroker();
    };
  }, []);
  return (
    <div className="app">
      <AppBanner />
      <EnvironmentSwitcher />
      <div
        className="panes"
        style={{ gridTemplateColumns: `min(${listWidth}px, 40vw) auto minmax(0, 1fr)` }}
      >
        <CredentialList />
        <PaneResizer width={listWidth} onResize={setListWidth} />
        <RightPane />
      </div>
      <DeleteDialog />
      <DeviceCodeDialog />
      <ApprovalPrompt />
      <Toasts />
      <CommandPalette />
    </div>
  );
}
