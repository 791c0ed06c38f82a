// The right pane: the credential form when open, otherwise tabs for the selected credential's
// details and the request tester.
import { Suspense } from 'react';
import { useAppStore } from '../../store/app-store';
import { ADD_CREDENTIAL_SELECTOR, CREDENTIAL_LIST_SELECTOR, focusLater } from '../../ui/focus';
import type { RightPane as Pane } from './ui-slice';

import { loadLater } from './load-later';

// The list is what the app opens on; a credential's detail (which waits for its summary from
// main anyway), the form and the other tabs are their own chunks, fetched once the first screen
// is up (see load-later.ts), so the start-up JavaScript stays within its budget
// (scripts/initial-js-budget.mjs).
const CredentialDetail = loadLater(() =>
  import('../credentials/credential-detail').then((m) => m.CredentialDetail),
);
const CredentialForm = loadLater(() =>
  import('../credential-form/credential-form').then((m) => m.CredentialForm),
);
const RequestTester = loadLater(() =>
  import('../tester/request-tester').then((m) => m.RequestTester),
);
const TimelinePanel = loadLater(() =>
  import('../timeline/timeline-panel').then((m) => m.TimelinePanel),
);
const SharePanel = loadLater(() => import('../share/share-panel').then((m) => m.SharePanel));
const BrokerPanel = loadLater(() => import('../broker/broker-panel').then((m) => m.BrokerPanel));

const TABS: Array<{ pane: Pane; label: string }> = [
  { pane: 'details', label: 'Credential' },
  { pane: 'tester', label: 'Request tester' },
  { pane: 'timeline', label: 'Timeline' },
  { pane: 'share', label: 'Import / export' },
  { pane: 'broker', label: 'Broker' },
];

export function RightPane() {
  const form = useAppStore((s) => s.form);
  const pane = useAppStore((s) => s.rightPane);
  const setPane = useAppStore((s) => s.setRightPane);
  const openForm = useAppStore((s) => s.openForm);
  const select = useAppStore((s) => s.select);
  const selectedId = useAppStore((s) => s.selectedId);
  const selected = useAppStore((s) => (s.selectedId ? s.details[s.selectedId] : undefined));
  const detailError = useAppStore((s) => (s.selectedId ? s.detailErrors[s.selectedId] : undefined));
  // Until the list has loaded (or when it failed to), do not claim there are none.
  const hasCredentials = useAppStore(
    (s) => !s.loaded || s.loadError !== null || Object.keys(s.credentials).length > 0,
  );
  const editing = useAppStore((s) => (s.form.mode === 'edit' ? s.details[s.form.id] : undefined));

  // An edit form opens on the detail's summary; without it the form would start as a new one.
  if (form.mode === 'edit' && !editing) {
    return (
      <main className="right-pane">
        <DetailPending id={form.id} error={detailError} />
      </main>
    );
  }

  if (form.mode !== 'closed') {
    return (
      <main className="right-pane">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <CredentialForm
            key={form.mode === 'edit' ? form.id : 'new'}
            {...(editing ? { editing } : {})}
            onDone={(saved) => {
              openForm({ mode: 'closed' });
              if (saved) select(saved.config.id);
              // Saved: on the saved credential in the list. Cancelled: back where the form was opened.
              focusLater(
                saved || form.mode === 'edit' ? CREDENTIAL_LIST_SELECTOR : ADD_CREDENTIAL_SELECTOR,
              );
            }}
          />
        </Suspense>
      </main>
    );
  }

  return (
    <main className="right-pane">
      <div className="tabs" role="tablist" aria-label="Views">
        {TABS.map((tab) => (
          <button
            key={tab.pane}
            type="button"
            role="tab"
            id={`tab-${tab.pane}`}
            aria-selected={pane === tab.pane}
            aria-controls={`panel-${tab.pane}`}
            className={pane === tab.pane ? 'tab active' : 'tab'}
            onClick={() => setPane(tab.pane)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`panel-${pane}`}
        aria-labelledby={`tab-${pane}`}
      >
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {pane === 'broker' ? (
            <BrokerPanel />
          ) : pane === 'timeline' ? (
            <TimelinePanel />
          ) : pane === 'tester' ? (
            <RequestTester />
          ) : pane === 'share' ? (
            <SharePanel />
          ) : selected ? (
            <CredentialDetail summary={selected} />
          ) : selectedId ? (
            <DetailPending id={selectedId} error={detailError} />
          ) : (
            <EmptyDetail hasCredentials={hasCredentials} />
          )}
        </Suspense>
      </div>
    </main>
  );
}

/** The selected credential's details are on their way from main, or could not be fetched. */
function DetailPending({ id, error }: { id: string; error: string | undefined }) {
  const name = useAppStore((s) => s.credentials[id]?.config.name);
  const retry = useAppStore((s) => s.loadDetails);
  if (!error) return <p className="muted">Loading {name ?? 'the credential'}…</p>;
  return (
    <div role="alert" className="callout">
      <p className="error-text">{error}</p>
      <button type="button" onClick={() => void retry(id, true)}>
        Try again
      </button>
    </div>
  );
}

/** With no credentials yet, "choose one on the left" points at nothing: say what to do first. */
function EmptyDetail({ hasCredentials }: { hasCredentials: boolean }) {
  return hasCredentials ? (
    <div className="empty-state">
      <p className="empty-title">No credential selected</p>
      <p>
        Choose a credential on the left to see its token and actions, or open the request tester to
        call an API.
      </p>
    </div>
  ) : (
    <div className="empty-state">
      <p className="empty-title">No credentials yet</p>
      <p>
        Start with Add credential on the left: pick a provider, enter the client ID from its
        developer console and save. The credential&apos;s token and actions then show here. The
        request tester works without one too.
      </p>
    </div>
  );
}
