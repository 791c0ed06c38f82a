// UI slice: what is selected and shown. No data from main lives here.
import type { AppInfo } from '../../../../shared/status';
import type { SliceCreator } from '../../store/slice';
import type { TesterSlice } from '../tester/tester-slice';
import { ALL } from '../credentials/credential-groups';
import type { ListView } from '../credentials/filter-credentials';

export type RightPane = 'details' | 'tester' | 'timeline' | 'share' | 'broker';

/** The credential form: closed, adding a new one, or editing one by id. */
export type FormState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; id: string };

export interface UiSlice {
  /** How this app keeps secrets, and problems found at start; null until main has answered. */
  appInfo: AppInfo | null;
  selectedId: string | null;
  filter: string;
  /** Which facet of the list is shown and how it is sorted. */
  listView: ListView;
  rightPane: RightPane;
  form: FormState;
  /** The credential whose delete confirmation is open. */
  confirmDeleteId: string | null;
  select(id: string | null): void;
  setFilter(filter: string): void;
  setListView(patch: Partial<ListView>): void;
  setRightPane(pane: RightPane): void;
  openForm(form: FormState): void;
  askDelete(id: string | null): void;
  loadAppInfo(): Promise<void>;
}

/**
 * The credentials slice's `showDetails`, named here rather than picked from its type: that slice
 * already picks `select` from this one, and the layers allow no import cycle, types included.
 */
interface ShowsDetails {
  showDetails(id: string | null): void;
}

export const createUiSlice: SliceCreator<
  UiSlice,
  Pick<TesterSlice, 'followSelection'> & ShowsDetails
> = (set, get) => ({
  appInfo: null,
  selectedId: null,
  filter: '',
  listView: { show: ALL, sort: 'name' },
  rightPane: 'details',
  form: { mode: 'closed' },
  confirmDeleteId: null,
  select(id) {
    set((state) => ({
      selectedId: id,
      form: state.form.mode === 'edit' && state.form.id !== id ? { mode: 'closed' } : state.form,
    }));
    get().showDetails(id);
    get().followSelection(id);
  },
  setFilter(filter) {
    set({ filter });
  },
  setListView(patch) {
    set((state) => ({ listView: { ...state.listView, ...patch } }));
  },
  setRightPane(rightPane) {
    set({ rightPane });
  },
  openForm(form) {
    set(form.mode === 'closed' ? { form } : { form, rightPane: 'details' });
  },
  askDelete(confirmDeleteId) {
    set({ confirmDeleteId });
  },
  async loadAppInfo() {
    const result = await window.api.getAppInfo();
    if (result.ok) set({ appInfo: result.value });
  },
});
