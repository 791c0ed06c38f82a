// Copy in the main process: the renderer names what to copy, and a token goes from the vault to the
// system clipboard without entering the page. A copied token is wiped from the clipboard after a
// while if it is still there (the user may have copied something else since: that is kept).
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { OAuthEngine } from '../oauth/ports';

/**
 * Electron 45's main-process clipboard (electron/electron docs/api/clipboard.md at
 * v45.0.0-nightly.20260821: `readText()` and `writeText(text)` return Promises, `clear()` clears).
 */
export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  clear(): void;
}

export interface ClipboardTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long a copied token may stay on the clipboard: long enough to paste, short enough to forget. */
export const TOKEN_CLIPBOARD_LIFETIME_MS = 60_000;

export interface ClipboardHandlerDeps {
  engine: Pick<OAuthEngine, 'getAccessToken'>;
  /** Absent in browser mode: there the page copies with its own Clipboard API. */
  clipboard?: ClipboardPort;
  lifetimeMs?: number;
  timers?: ClipboardTimers;
}

export type ClipboardHandlers = Pick<InvokeHandlers, 'copyToClipboard' | 'copyTokenToClipboard'> & {
  /** Wipes a copied token still on the clipboard (at quit) and stops the pending timer. */
  wipeNow(): Promise<void>;
};

export function createClipboardHandlers(deps: ClipboardHandlerDeps): ClipboardHandlers {
  const lifetimeMs = deps.lifetimeMs ?? TOKEN_CLIPBOARD_LIFETIME_MS;
  const timers: ClipboardTimers = deps.timers ?? {
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      handle.unref?.();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  let pending: { value: string; timer: unknown } | null = null;

  const wipeIfUnchanged = async (value: string) => {
    const clipboard = deps.clipboard;
    if (!clipboard) return;
    // Only our token goes: anything the user copied after it stays.
    if ((await clipboard.readText()) === value) clipboard.clear();
  };

  return {
    copyToClipboard: async ({ text }) => {
      if (!deps.clipboard) return { copied: false, clearsAfterSeconds: null };
      await deps.clipboard.writeText(text);
      return { copied: true, clearsAfterSeconds: null };
    },
    copyTokenToClipboard: async ({ id }) => {
      if (!deps.clipboard) return { copied: false, clearsAfterSeconds: null };
      const { accessToken } = await deps.engine.getAccessToken(id);
      await deps.clipboard.writeText(accessToken);
      if (pending) timers.clearTimeout(pending.timer);
      const copied = { value: accessToken, timer: null as unknown };
      copied.timer = timers.setTimeout(() => {
        if (pending === copied) pending = null;
        void wipeIfUnchanged(accessToken).catch(() => {});
      }, lifetimeMs);
      pending = copied;
      return { copied: true, clearsAfterSeconds: Math.round(lifetimeMs / 1000) };
    },
    async wipeNow() {
      if (!pending) return;
      const { value, timer } = pending;
      pending = null;
      timers.clearTimeout(timer);
      await wipeIfUnchanged(value);
    },
  };
}
