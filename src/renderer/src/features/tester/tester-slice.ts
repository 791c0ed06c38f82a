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
  editDraft(patch: Partial<RequestDraft>): void;
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

export const createTesterSlice: SliceCreator<TesterSlice, Pick<NotificationsSlice, 'notify'>> = (set, get) => ({
  draft: emptyDraft(),
  inFlightId: null,
  response: null,
  requestError: null,
  history: [],

  editDraft(patch) {
    set((state) => ({ draft: { ...state.draft, ...patch } }));
  },

  async sendRequest() {
    if (get().inFlightId) return;
    const requestId = newRequestId();
    set({ inFlightId: requestId, requestError: null });
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
    set({ inFlightId: null, requestError: { code: 'request_cancelled', message: 'Request cancelled.' } });
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
    set({ draft: historyToDraft(entry), response: null, requestError: null });
  },

  async curlCommand(includeToken) {
    const result = await window.api.copyAsCurl({ spec: draftToSpec(get().draft, newRequestId()), includeToken });
    if (result.ok) return result.value.command;
    get().notify('error', result.error.message);
    return null;
  },
});
