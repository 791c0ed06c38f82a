// Copy in the main process: a token goes to the clipboard without crossing IPC, and leaves it again.
import { describe, expect, it } from 'vitest';
import {
  createClipboardHandlers,
  type ClipboardPort,
  type ClipboardTimers,
} from '../../../../src/main/services/clipboard-handlers';

const TOKEN = 'gho_secret_token_value_1234567890';

/**
 * Electron 45's clipboard as docs/api/clipboard.md (v45.0.0-nightly.20260821) describes it:
 * `writeText` and `readText` resolve Promises, `clear()` empties the clipboard synchronously.
 */
class FakeClipboard implements ClipboardPort {
  text = '';
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(text: string): Promise<void> {
    this.text = text;
  }
  clear(): void {
    this.text = '';
  }
}

/** Timers run when the test says so: nothing here waits on the clock. */
class ManualTimers implements ClipboardTimers {
  private next = 0;
  readonly due = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number): unknown {
    this.due.set(++this.next, { callback, ms });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  async fireAll(): Promise<void> {
    const callbacks = [...this.due.values()];
    this.due.clear();
    for (const { callback } of callbacks) callback();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup() {
  const clipboard = new FakeClipboard();
  const timers = new ManualTimers();
  const engine = {
    getAccessToken: async () => ({
      accessToken: TOKEN,
      tokenType: 'bearer',
      headerValue: `Bearer ${TOKEN}`,
      expiresAt: null,
    }),
  };
  const handlers = createClipboardHandlers({
    engine: engine as never,
    clipboard,
    timers,
    lifetimeMs: 45_000,
  });
  return { clipboard, timers, handlers };
}

describe('createClipboardHandlers', () => {
  it('puts the token on the clipboard and answers without it', async () => {
    const { clipboard, handlers, timers } = setup();
    const answer = await handlers.copyTokenToClipboard({ id: 'c1' });
    expect(clipboard.text).toBe(TOKEN);
    expect(answer).toEqual({ copied: true, clearsAfterSeconds: 45 });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
    expect([...timers.due.values()].map((t) => t.ms)).toEqual([45_000]);
  });

  it('wipes the token when its time is up, if it is still there', async () => {
    const { clipboard, handlers, timers } = setup();
    await handlers.copyTokenToClipboard({ id: 'c1' });
    await timers.fireAll();
    expect(clipboard.text).toBe('');
  });

  it('keeps what the user copied after the token', async () => {
    const { clipboard, handlers, timers } = setup();
    await handlers.copyTokenToClipboard({ id: 'c1' });
    await clipboard.writeText('something the user copied');
    await timers.fireAll();
    expect(clipboard.text).toBe('something the user copied');
  });

  it('a second copy restarts the countdown instead of stacking timers', async () => {
    const { handlers, timers } = setup();
    await handlers.copyTokenToClipboard({ id: 'c1' });
    await handlers.copyTokenToClipboard({ id: 'c1' });
    expect(timers.due.size).toBe(1);
  });

  it('wipes at quit and leaves no timer behind', async () => {
    const { clipboard, handlers, timers } = setup();
    await handlers.copyTokenToClipboard({ id: 'c1' });
    await handlers.wipeNow();
    expect(clipboard.text).toBe('');
    expect(timers.due.size).toBe(0);
  });

  it('copies plain text without scheduling a wipe', async () => {
    const { clipboard, handlers, timers } = setup();
    expect(await handlers.copyToClipboard({ text: 'curl https://api.example.com' })).toEqual({
      copied: true,
      clearsAfterSeconds: null,
    });
    expect(clipboard.text).toBe('curl https://api.example.com');
    expect(timers.due.size).toBe(0);
  });

  it('without a main-process clipboard (browser mode) says the page must copy', async () => {
    let asked = false;
    const handlers = createClipboardHandlers({
      engine: { getAccessToken: async () => ((asked = true), null as never) },
    });
    expect(await handlers.copyTokenToClipboard({ id: 'c1' })).toEqual({
      copied: false,
      clearsAfterSeconds: null,
    });
    expect(await handlers.copyToClipboard({ text: 'x' })).toEqual({
      copied: false,
      clearsAfterSeconds: null,
    });
    expect(asked).toBe(false);
  });
});
