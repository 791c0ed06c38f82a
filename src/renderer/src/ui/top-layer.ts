// Where page-wide overlays (the toasts) render. A modal <dialog> opened with showModal() makes
// everything outside it inert (HTML "blocked by a modal dialog"): not clickable, not focusable,
// hidden from assistive technology. So while a dialog is open, overlays render inside it; the
// newest open dialog wins, and closing it hands them back to the one below, then to the page.
import { useSyncExternalStore } from 'react';

const hosts: HTMLElement[] = [];
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

/** Makes `host` the place overlays render into until the returned function is called. */
export function registerLayerHost(host: HTMLElement): () => void {
  hosts.push(host);
  changed();
  return () => {
    const index = hosts.lastIndexOf(host);
    if (index !== -1) hosts.splice(index, 1);
    changed();
  };
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const topHost = () => hosts.at(-1) ?? null;

/** The element overlays should be portalled into, or null to render them in place. */
export function useLayerHost(): HTMLElement | null {
  return useSyncExternalStore(subscribe, topHost, () => null);
}
