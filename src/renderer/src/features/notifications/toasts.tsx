// Outcome notifications: errors are alerts (read out at once), the rest are polite status messages.
// While a modal dialog is open they render inside it, since the page behind it is inert.
import { createPortal } from 'react-dom';
import { useAppStore } from '../../store/app-store';
import { useLayerHost } from '../../ui/top-layer';

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  const host = useLayerHost();
  const list = (
    <div className="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <span>{toast.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
  return host ? createPortal(list, host) : list;
}
