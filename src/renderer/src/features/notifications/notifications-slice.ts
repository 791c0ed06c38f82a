// Notifications slice: short messages about the outcome of an action. Successes close by
// themselves after a few seconds; errors carry what to do next, so they stay until dismissed or
// until a later outcome about the same thing (the same credential, the same request) replaces
// them. Only the newest few are shown; the rest are counted.
import type { SliceCreator } from '../../store/slice';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** What the outcome is about, e.g. a credential id: a newer toast with the same key replaces it. */
  subject?: string;
}

export interface NotifyOptions {
  subject?: string;
}

export interface NotificationsSlice {
  toasts: Toast[];
  notify(kind: ToastKind, message: string, options?: NotifyOptions): number;
  dismissToast(id: number): void;
  dismissAllToasts(): void;
}

export const SUCCESS_TOAST_MS = 5000;
/** How many toasts are on screen at once; older ones are counted, not shown. */
export const VISIBLE_TOASTS = 3;
/** Errors nobody dismissed are not kept forever. */
const KEPT_TOASTS = 50;

export const createNotificationsSlice: SliceCreator<NotificationsSlice> = (set, get) => {
  let nextId = 1;
  return {
    toasts: [],
    notify(kind, message, options = {}) {
      const id = nextId++;
      const toast: Toast = {
        id,
        kind,
        message,
        ...(options.subject ? { subject: options.subject } : {}),
      };
      set((state) => ({
        toasts: [
          ...state.toasts.filter((t) => !options.subject || t.subject !== options.subject),
          toast,
        ].slice(-KEPT_TOASTS),
      }));
      if (kind !== 'error') setTimeout(() => get().dismissToast(id), SUCCESS_TOAST_MS);
      return id;
    },
    dismissToast(id) {
      set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
    },
    dismissAllToasts() {
      set({ toasts: [] });
    },
  };
};
