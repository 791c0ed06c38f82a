// The combined store's shape: one slice per feature, each written in its own feature folder.
import type { CredentialsSlice } from '../features/credentials/credentials-slice';
import type { EnvironmentsSlice } from '../features/environments/environments-slice';
import type { NotificationsSlice } from '../features/notifications/notifications-slice';
import type { ShareSlice } from '../features/share/share-slice';
import type { TesterSlice } from '../features/tester/tester-slice';
import type { TimelineSlice } from '../features/timeline/timeline-slice';
import type { UiSlice } from '../features/layout/ui-slice';

export type AppState = CredentialsSlice &
  EnvironmentsSlice &
  NotificationsSlice &
  ShareSlice &
  TesterSlice &
  TimelineSlice &
  UiSlice;
