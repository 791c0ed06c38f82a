// Where focus goes after an action that removes the control the user was on. Run after React has
// rendered the change (a macrotask later), so the target exists and is no longer inert.
export const CREDENTIAL_LIST_SELECTOR = '[role="listbox"][aria-label="Credential list"]';
export const ADD_CREDENTIAL_SELECTOR = '[data-focus-target="add-credential"]';

export function focusLater(selector: string): void {
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);
}

export function findFocusTarget(selector: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(selector);
}
