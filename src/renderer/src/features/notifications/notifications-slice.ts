// Notifications slice: short messages about the outcome of an action. Errors stay until dismissed
// (they carry what to do next); successes fade after a few seconds.
import type { SliceCreator } from '../../store/slice';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface NotificationsSlice {
  toasts: Toast[];
  notify(kind: ToastKind, message: string): number;
  dismissToast(id: number): void;
}

export const SUCCESS_TOAST_MS = 5000;
const MAX_TOASTS = 5;

export const createNotificationsSlice: SliceCreator<NotificationsSlice> = (set, get) => {
  let nextId = 1;
  return {
    toasts: [],
    notify(kind, message) {
      const id = nextId++;
      set((state) => ({ toasts: [...state.toasts, { id, kind, message }].slice(-MAX_TOASTS) }));
      if (kind !== 'error') setTimeout(() => get().dismissToast(id), SUCCESS_TOAST_MS);
      return id;
    },
    dismissToast(id) {
      set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
    },
  };
};
