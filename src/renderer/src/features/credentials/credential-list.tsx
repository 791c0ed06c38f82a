// The left pane: every credential and its token state, filterable, virtualized so that a
// thousand entries scroll smoothly, and navigable with the arrow keys.
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useAppStore } from '../../store/app-store';
import { CredentialRow } from './credential-row';
import { filterCredentials } from './filter-credentials';
import { ListControls } from './list-controls';

const ROW_HEIGHT = 58;

export function CredentialList() {
  const credentials = useAppStore((s) => s.credentials);
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const loaded = useAppStore((s) => s.loaded);
  const loadError = useAppStore((s) => s.loadError);
  const openForm = useAppStore((s) => s.openForm);
  const listView = useAppStore((s) => s.listView);
  const visible = useMemo(
    () => filterCredentials(credentials, filter, listView),
    [credentials, filter, listView],
  );
  const scrollRef = useRef<HTMLDivElement>(null);

  // The app does not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // jsdom and the first paint have no layout yet: assume a typical pane height.
    initialRect: { width: 320, height: 720 },
  });

  const selectedIndex = visible.findIndex((s) => s.config.id === selectedId);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (visible.length === 0) return;
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex < 0 ? 0 : Math.min(visible.length - 1, selectedIndex + 1),
      ArrowUp: selectedIndex < 0 ? 0 : Math.max(0, selectedIndex - 1),
      Home: 0,
      End: visible.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(visible[next]!.config.id);
    virtualizer.scrollToIndex(next);
  };

  const total = Object.keys(credentials).length;
  return (
    <section className="list-pane" aria-label="Credentials">
      <div className="list-header">
        <h1 className="app-title">OAuth Desk</h1>
        <button
          type="button"
          className="primary"
          data-focus-target="add-credential"
          onClick={() => openForm({ mode: 'create' })}
        >
          Add credential
        </button>
      </div>
      <input
        className="filter"
        type="search"
        aria-label="Filter credentials"
        placeholder="Filter credentials"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {Object.keys(credentials).length > 0 && <ListControls />}
      {loadError && <p className="list-message error-text">{loadError}</p>}
      {loaded && total === 0 && !loadError && (
        <div className="empty-state">
          <p className="empty-title">Add your first credential…</p>
          <p>
            Pick a provider such as GitHub or Google, or discover one from its issuer URL, fill in
            the client ID from the provider&apos;s developer console, and OAuth Desk keeps the token
            fresh for you.
          </p>
          <button type="button" className="primary" onClick={() => openForm({ mode: 'create' })}>
            Add credential
          </button>
        </div>
      )}
      {total > 0 && visible.length === 0 && (
        <p className="list-message">
          {filter.trim()
            ? `No credential matches “${filter}” here.`
            : 'No credential here: choose All credentials under Show.'}
        </p>
      )}
      <div
        ref={scrollRef}
        className="list-scroll"
        role="listbox"
        aria-label="Credential list"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `credential-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const credential = visible[item.index]!;
            return (
              <div
                key={credential.config.id}
                className="virtual-row"
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              >
                <CredentialRow
                  item={credential}
                  selected={credential.config.id === selectedId}
                  onSelect={() => select(credential.config.id)}
                />
              </div>
            );
          })}
        </div>
      </div>
      <p className="list-count" aria-live="polite">
        {total > 0 ? `${visible.length} of ${total} credentials` : ''}
      </p>
    </section>
  );
}
