// A modal dialog on the native <dialog> element: focus trapping and Escape come with it. Focus
// goes to the control marked `data-autofocus` (React's autoFocus runs before showModal(), whose
// own focusing steps would then move it to the first control), and back to whatever opened the
// dialog when it closes.
import { useEffect, useRef, type ReactNode } from 'react';
import { registerLayerHost } from './top-layer';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  /** Where focus goes once the dialog has closed, when the opener is gone (e.g. deleted). */
  fallbackFocus?: () => HTMLElement | null;
}

export function Dialog({ title, onClose, children, role = 'dialog', fallbackFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const fallbackRef = useRef(fallbackFocus);
  useEffect(() => {
    fallbackRef.current = fallbackFocus;
  });
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // jsdom has no showModal; the open attribute is enough there.
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // The page behind is inert now: toasts render into this dialog's layer until it closes.
    const unregister = layerRef.current ? registerLayerHost(layerRef.current) : undefined;
    return () => {
      unregister?.();
      // After React has removed the dialog: the page is no longer inert then.
      queueMicrotask(() => {
        const target = opener?.isConnected ? opener : fallbackRef.current?.();
        target?.focus();
      });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      role={role}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="dialog-title">{title}</h2>
      {children}
      <div ref={layerRef} className="dialog-layer" />
    </dialog>
  );
}
