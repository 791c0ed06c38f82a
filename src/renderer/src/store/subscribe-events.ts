// Keeps the store in step with main: main announces every change to a credential (from any
// window, or from a background refresh), and device-code prompts during authorization.
import type { AppStore } from './app-store';

/** Subscribes to main's events; returns one function that unsubscribes from all of them. */
export function subscribeToMainEvents(store: AppStore): () => void {
  const api = window.api;
  const offs = [
    api.onCredentialChanged((summary) => store.getState().upsertCredential(summary)),
    api.onCredentialRemoved(({ id }) => store.getState().removeCredentialLocally(id)),
    api.onDeviceCode((prompt) => store.getState().showDeviceCode(prompt)),
    api.onTimelineChanged((change) => store.getState().applyTimelineChange(change)),
  ];
  return () => offs.forEach((off) => off());
}
