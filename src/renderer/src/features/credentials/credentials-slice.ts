// Credentials slice: the list's items indexed by id (main owns the data), the full summary of
// the credential the detail shows, which actions are running, and the device-code prompt of a
// running authorization.
import type { CredentialInputDraft } from '../../../../shared/credential';
import type { Result } from '../../../../shared/errors';
import type {
  CredentialSummary,
  DeviceCodePrompt,
  ProviderPreset,
} from '../../../../shared/status';
import type { SliceCreator } from '../../store/slice';
import type { NotificationsSlice } from '../notifications/notifications-slice';
import type { UiSlice } from '../layout/ui-slice';
import type { TesterSlice } from '../tester/tester-slice';
import { ACTION_SPECS, type CredentialAction } from './credential-actions';
import { CREDENTIAL_PAGE_SIZE } from '../../../../shared/list-page';
import { toListItem, type CredentialListItem } from '../../../../shared/list-item';

/** Counts loads, so that a page of an older load is not mixed into a newer one. */
let loadGeneration = 0;

export interface CredentialsSlice {
  /** Every credential as the list shows it (list-item.ts), in no order. */
  credentials: Record<string, CredentialListItem>;
  /**
   * Full summaries (configuration, secret presence, token status) of what the detail, the form,
   * the token viewer and the accounts section show: the selected credential's (and a saved or
   * duplicated one's, which is selected next). Fetched on selection (credentials:get), never for
   * the whole list.
   */
  details: Record<string, CredentialSummary>;
  /** id -> why its details could not be fetched; the detail pane shows it instead. */
  detailErrors: Record<string, string>;
  loaded: boolean;
  loadError: string | null;
  presets: ProviderPreset[];
  /** id -> the action running on it; buttons show progress from this. */
  running: Record<string, CredentialAction>;
  deviceCode: DeviceCodePrompt | null;

  loadCredentials(): Promise<void>;
  loadPresets(): Promise<void>;
  /**
   * Fetches a credential's details, unless they are held (`refetch`: also then, for a status of
   * another environment). A fetch that an event or an answer overtook leaves the newer summary.
   */
  loadDetails(id: string, refetch?: boolean): Promise<void>;
  /** The detail now shows this credential (or none): only its details stay held, fetched if missing. */
  showDetails(id: string | null): void;
  /**
   * A summary from main: its list item, and its details when they are held or shown (`hold`:
   * always, for a credential the screen is about to show).
   */
  upsertCredential(summary: CredentialSummary, hold?: boolean): void;
  removeCredentialLocally(id: string): void;
  /** Creates (id null) or updates a credential; the caller shows `error.fields` inline. */
  saveCredential(
    id: string | null,
    input: CredentialInputDraft,
  ): Promise<Result<CredentialSummary>>;
  runCredentialAction(id: string, action: CredentialAction): Promise<boolean>;
  cancelAuthorization(id: string): Promise<void>;
  /** Cancels the running action of a credential (Authorize, Test, Refresh now). */
  cancelCredentialAction(id: string): Promise<void>;
  showDeviceCode(prompt: DeviceCodePrompt): void;
  dismissDeviceCode(): void;
}

export const createCredentialsSlice: SliceCreator<
  CredentialsSlice,
  Pick<NotificationsSlice, 'notify'> &
    Pick<UiSlice, 'selectedId' | 'select'> &
    Pick<TesterSlice, 'forgetCredential'>
> = (set, get) => {
  // Each credential's detail writes (an answer, an event, a removal) and its latest fetch: a
  // fetch's answer is kept only if it is the latest one and nothing was written since it began,
  // so an older summary never replaces a newer one.
  const detailWrites = new Map<string, number>();
  const latestFetch = new Map<string, number>();
  let fetches = 0;
  const wrote = (id: string) => detailWrites.set(id, (detailWrites.get(id) ?? 0) + 1);
  return {
    credentials: {},
    details: {},
    detailErrors: {},
    loaded: false,
    loadError: null,
    presets: [],
    running: {},
    deviceCode: null,

    async loadCredentials() {
      // Page by page: the first page is shown as soon as it arrives, the rest are added behind it.
      // A newer load (or nothing) supersedes an older one still paging.
      const load = ++loadGeneration;
      for (let offset = 0; ; offset += CREDENTIAL_PAGE_SIZE) {
        const result = await window.api.listCredentialPage({ offset, limit: CREDENTIAL_PAGE_SIZE });
        if (load !== loadGeneration) return;
        if (!result.ok) {
          set({ loadError: result.error.message, loaded: true });
          return;
        }
        const page: Record<string, CredentialListItem> = {};
        for (const item of result.value.items) page[item.config.id] = item;
        // The first page replaces the list; later pages add to it, and what changed meanwhile (an
        // event, a save, a delete) is newer than the page and kept as it is.
        set((state) => ({
          credentials: offset === 0 ? page : { ...page, ...state.credentials },
          loaded: true,
          loadError: null,
        }));
        // A reload (another environment now active) changes every status: the selected
        // credential's details are fetched again, shown as they were until the answer.
        // A fetch already on its way may be of the old one: this later fetch answers instead.
        const selected = get().selectedId;
        if (offset === 0 && selected) void get().loadDetails(selected, true);
        if (result.value.items.length === 0 || offset + CREDENTIAL_PAGE_SIZE >= result.value.total)
          return;
      }
    },

    async loadPresets() {
      const result = await window.api.listPresets();
      if (result.ok) set({ presets: result.value });
    },

    async loadDetails(id, refetch = false) {
      if (!refetch && (latestFetch.has(id) || id in get().details)) return;
      const fetch = ++fetches;
      latestFetch.set(id, fetch);
      const writesBefore = detailWrites.get(id) ?? 0;
      set((state) => ({ detailErrors: withoutKey(state.detailErrors, id) }));
      const result = await window.api.getCredential({ id });
      if (latestFetch.get(id) !== fetch) return; // a later fetch answers instead
      latestFetch.delete(id);
      if ((detailWrites.get(id) ?? 0) !== writesBefore) return;
      if (!result.ok) {
        // Gone in main (deleted from another window, an import, the CLI's data folder): the list
        // drops it and the pane goes back to its empty state, rather than showing "not found".
        if (result.error.code === 'not_found') return get().removeCredentialLocally(id);
        set((state) => ({ detailErrors: { ...state.detailErrors, [id]: result.error.message } }));
        return;
      }
      get().upsertCredential(result.value, true);
    },

    showDetails(id) {
      set((state) => {
        const held = id === null ? undefined : state.details[id];
        const error = id === null ? undefined : state.detailErrors[id];
        return {
          details: held && id ? { [id]: held } : {},
          detailErrors: error && id ? { [id]: error } : {},
        };
      });
      if (id !== null) void get().loadDetails(id, id in get().detailErrors);
    },

    upsertCredential(summary, hold = false) {
      const id = summary.config.id;
      set((state) => {
        const keep = hold || id in state.details || latestFetch.has(id) || state.selectedId === id;
        if (keep) wrote(id);
        return {
          credentials: { ...state.credentials, [id]: toListItem(summary) },
          ...(keep
            ? {
                details: { ...state.details, [id]: summary },
                detailErrors: withoutKey(state.detailErrors, id),
              }
            : {}),
        };
      });
      // A device-code prompt is done once the credential has a token.
      const prompt = get().deviceCode;
      if (prompt?.credentialId === summary.config.id && summary.status.state === 'connected')
        set({ deviceCode: null });
    },

    removeCredentialLocally(id) {
      wrote(id); // a fetch on its way does not bring it back
      set((state) =>
        id in state.credentials || id in state.details || id in state.detailErrors
          ? {
              credentials: withoutKey(state.credentials, id),
              details: withoutKey(state.details, id),
              detailErrors: withoutKey(state.detailErrors, id),
            }
          : {},
      );
      if (get().selectedId === id) get().select(null);
      get().forgetCredential(id);
    },

    async saveCredential(id, input) {
      const result =
        id === null
          ? await window.api.createCredential(input)
          : await window.api.updateCredential({ id, input });
      if (result.ok) {
        // The saved summary comes in twice, on purpose. Here, from the answer: in browser mode the
        // answer and the event stream are two connections, so the answer can arrive first, and the
        // saved credential must be in the store when the form closes onto it. And through the
        // credentialChanged event (subscribe-events.ts), which also brings every change this window
        // did not ask for (a background refresh, the broker). Both carry the same summary (main's
        // announce() returns what it sent), so the second one changes nothing.
        // test/unit/renderer/store/saved-summary-paths.test.ts fails if either path is dropped.
        get().upsertCredential(result.value, true);
        get().notify(
          'success',
          id === null ? `Added ${result.value.config.name}.` : `Saved ${result.value.config.name}.`,
          { subject: result.value.config.id },
        );
      }
      return result;
    },

    async runCredentialAction(id, action) {
      if (get().running[id]) return false;
      const name = get().credentials[id]?.config.name ?? 'The credential';
      set((state) => ({ running: { ...state.running, [id]: action } }));
      // Called before any await: browser mode opens its sign-in popup within the click's user gesture.
      const pending = ACTION_SPECS[action].run(window.api, id, name);
      try {
        const result = await pending;
        if (!result.ok) {
          // Cancelled by the user: said once, as information, not as a failure of the credential.
          const cancelled =
            result.error.code === 'request_cancelled' ||
            result.error.code === 'authorization_cancelled';
          get().notify(cancelled ? 'info' : 'error', result.error.message, { subject: id });
          return false;
        }
        const outcome = result.value;
        if (outcome.summary) get().upsertCredential(outcome.summary);
        if (outcome.created) {
          get().upsertCredential(outcome.created, true);
          get().select(outcome.created.config.id);
        }
        if (outcome.removedId) get().removeCredentialLocally(outcome.removedId);
        // A newer outcome for this credential replaces the older one, an error included.
        get().notify(outcome.ok ? 'success' : 'error', outcome.message, { subject: id });
        return outcome.ok;
      } finally {
        set((state) => {
          const running = { ...state.running };
          delete running[id];
          return {
            running,
            deviceCode:
              state.deviceCode?.credentialId === id && action === 'authorize'
                ? null
                : state.deviceCode,
          };
        });
      }
    },

    async cancelAuthorization(id) {
      const result = await window.api.cancelAuthorization({ id });
      if (!result.ok) get().notify('error', result.error.message, { subject: id });
      if (get().deviceCode?.credentialId === id) set({ deviceCode: null });
    },

    async cancelCredentialAction(id) {
      const action = get().running[id];
      const cancel = action ? ACTION_SPECS[action].cancel : undefined;
      if (!cancel) return;
      if (action === 'authorize') return get().cancelAuthorization(id);
      const result = await cancel.run(window.api, id);
      if (!result.ok) get().notify('error', result.error.message, { subject: id });
    },

    showDeviceCode(prompt) {
      set({ deviceCode: prompt });
    },

    dismissDeviceCode() {
      set({ deviceCode: null });
    },
  };
};

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
