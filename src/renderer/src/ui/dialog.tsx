// A modal dialog on the native <dialog> element: focus trapping and Escape come with it.
import { useEffect, useRef, type ReactNode } from 'react';
import { registerLayerHost } from './top-layer';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
}

export function Dialog({ title, onClose, children, role = 'dialog' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // jsdom has no showModal; the open attribute is enough there.
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    // The page behind is inert now: toasts render into this dialog's layer until it closes.
    return layerRef.current ? registerLayerHost(layerRef.current) : undefined;
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
