// One zustand store, combined from the feature slices. Main owns the data: the slices keep copies
// (the list's items indexed by id, the selected credential's summary) and call `window.api` for
// every change.
import { create } from 'zustand';
import { createCredentialsSlice } from '../features/credentials/credentials-slice';
import { createEnvironmentsSlice } from '../features/environments/environments-slice';
import { createNotificationsSlice } from '../features/notifications/notifications-slice';
import { createShareSlice } from '../features/share/share-slice';
import { createTesterSlice } from '../features/tester/tester-slice';
import { createTimelineSlice } from '../features/timeline/timeline-slice';
import { createUiSlice } from '../features/layout/ui-slice';
import type { AppState } from './types';

/** Builds a fresh store; the app uses one, tests build their own. */
export function createAppStore() {
  return create<AppState>()((...a) => ({
    ...createCredentialsSlice(...a),
    ...createEnvironmentsSlice(...a),
    ...createNotificationsSlice(...a),
    ...createShareSlice(...a),
    ...createTesterSlice(...a),
    ...createTimelineSlice(...a),
    ...createUiSlice(...a),
  }));
}

export const useAppStore = createAppStore();
export type AppStore = typeof useAppStore;
