// Outcome notifications: errors are alerts (read out at once), the rest are polite status messages.
// The newest few are shown, with a count of the others and a way to clear them all.
// While a modal dialog is open they render inside it, since the page behind it is inert.
import { createPortal } from 'react-dom';
import { useAppStore } from '../../store/app-store';
import { useLayerHost } from '../../ui/top-layer';
import { VISIBLE_TOASTS } from './notifications-slice';

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  const dismissAll = useAppStore((s) => s.dismissAllToasts);
  const host = useLayerHost();
  const shown = toasts.slice(-VISIBLE_TOASTS);
  const hidden = toasts.length - shown.length;
  const list = (
    <div className="toasts">
      {hidden > 0 && (
        <div className="toast toast-more">
          <span>
            {hidden} older notification{hidden === 1 ? '' : 's'}
          </span>
          <button type="button" className="link-button" onClick={dismissAll}>
            Dismiss all
          </button>
        </div>
      )}
      {shown.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{toast.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
  return host ? createPortal(list, host) : list;
}
