// Request tester slice: the request being edited, the one in flight, the last response and the
// history main keeps (without tokens).
import type { AppErrorInfo } from '../../../../shared/errors';
import type { HistoryEntry, ResponseView } from '../../../../shared/requests';
import type { SliceCreator } from '../../store/slice';
import type { NotificationsSlice } from '../notifications/notifications-slice';
import { draftToSpec, emptyDraft, historyToDraft, type RequestDraft } from './request-draft';

export interface TesterSlice {
  draft: RequestDraft;
  inFlightId: string | null;
  response: ResponseView | null;
  requestError: AppErrorInfo | null;
  history: HistoryEntry[];
  /** The history entry the draft was reopened from, until the request is sent again. */
  restoredFrom: HistoryEntry | null;
  /**
   * True once the user picked the tester's credential themselves (or reopened a request that
   * names one): from then on it no longer follows the selection in the list.
   */
  credentialChosen: boolean;
  editDraft(patch: Partial<RequestDraft>): void;
  /** The user picks the credential in the tester. */
  chooseCredential(id: string | null): void;
  /** The user picks one of the credential's environments; null follows the active one. */
  chooseEnvironment(environmentId: string | null): void;
  /** The list's selection changed: the tester uses it unless the user chose another. */
  followSelection(id: string | null): void;
  /** A credential was deleted: a request can no longer use it. */
  forgetCredential(id: string): void;
  sendRequest(): Promise<void>;
  cancelRequest(): Promise<void>;
  loadHistory(): Promise<void>;
  clearHistory(): Promise<void>;
  openHistoryEntry(entry: HistoryEntry): void;
  /** Returns the command, or null after notifying the failure. */
  curlCommand(includeToken: boolean): Promise<string | null>;
}

let requestCounter = 0;
const newRequestId = () => `req-${Date.now().toString(36)}-${(++requestCounter).toString(36)}`;

export const createTesterSlice: SliceCreator<TesterSlice, Pick<NotificationsSlice, 'notify'>> = (
  set,
  get,
) => ({
  draft: emptyDraft(),
  inFlightId: null,
  response: null,
  requestError: null,
  history: [],
  restoredFrom: null,
  credentialChosen: false,

  editDraft(patch) {
    set((state) => ({ draft: { ...state.draft, ...patch } }));
  },

  chooseCredential(credentialId) {
    // Another credential's accounts and environments are not this one's: back to its default
    // account in the active environment.
    set((state) => ({
      draft: { ...state.draft, credentialId, account: undefined, environmentId: null },
      credentialChosen: true,
    }));
  },

  // The accounts shown are the active environment's: another environment starts at its default.
  chooseEnvironment(environmentId) {
    set((state) => ({ draft: { ...state.draft, environmentId, account: undefined } }));
  },

  followSelection(id) {
    if (get().credentialChosen) return;
    set((state) => ({ draft: { ...state.draft, credentialId: id, environmentId: null } }));
  },

  forgetCredential(id) {
    if (get().draft.credentialId === id)
      set((state) => ({ draft: { ...state.draft, credentialId: null, environmentId: null } }));
  },

  async sendRequest() {
    if (get().inFlightId) return;
    const requestId = newRequestId();
    set({ inFlightId: requestId, requestError: null, restoredFrom: null });
    const result = await window.api.sendRequest(draftToSpec(get().draft, requestId));
    // A cancelled or superseded request must not overwrite what the user sees now.
    if (get().inFlightId !== requestId) return;
    if (result.ok) set({ response: result.value, inFlightId: null });
    else set({ requestError: result.error, response: null, inFlightId: null });
    void get().loadHistory();
  },

  async cancelRequest() {
    const requestId = get().inFlightId;
    if (!requestId) return;
    set({
      inFlightId: null,
      requestError: { code: 'request_cancelled', message: 'Request cancelled.' },
    });
    const result = await window.api.cancelRequest({ requestId });
    if (!result.ok) get().notify('error', result.error.message);
  },

  async loadHistory() {
    const result = await window.api.listHistory();
    if (result.ok) set({ history: result.value });
  },

  async clearHistory() {
    const result = await window.api.clearHistory();
    if (result.ok) set({ history: [] });
    else get().notify('error', result.error.message);
  },

  openHistoryEntry(entry) {
    // The old answer belongs to another request: it goes, and the panel says what was restored.
    set({
      draft: historyToDraft(entry),
      response: null,
      requestError: null,
      restoredFrom: entry,
      credentialChosen: true,
    });
  },

  async curlCommand(includeToken) {
    const result = await window.api.copyAsCurl({
      spec: draftToSpec(get().draft, newRequestId()),
      includeToken,
    });
    if (result.ok) return result.value.command;
    get().notify('error', result.error.message, { subject: 'tester' });
    return null;
  },
});
