// Cancel for Test and Refresh now: the handler hands the engine a signal per running action, and
// the cancel channel aborts the ones of that credential only.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import type { OAuthEngine } from '../../../../src/main/oauth/ports';
import { createCredentialHandlers } from '../../../../src/main/services/credential-handlers';

/** An engine whose Test and Refresh now wait until their signal aborts, as a hanging provider would. */
function waitingEngine() {
  const signals: Record<string, AbortSignal[]> = {};
  const wait = (id: string, signal: AbortSignal | undefined) =>
    new Promise<never>((_, reject) => {
      (signals[id] ??= []).push(signal!);
      signal?.addEventListener('abort', () =>
        reject(new AppError({ code: 'request_cancelled', message: `stopped ${id}` })),
      );
    });
  const engine = {
    test: (id: string, options?: { signal?: AbortSignal }) => wait(id, options?.signal),
    refresh: (id: string, options?: { signal?: AbortSignal }) => wait(id, options?.signal),
  } as unknown as OAuthEngine;
  return { engine, signals };
}

describe('cancelCredentialAction', () => {
  it('aborts the running Test and Refresh now of that credential, not those of another', async () => {
    const { engine, signals } = waitingEngine();
    const handlers = createCredentialHandlers({ engine });
    const testing = handlers.testCredential({ id: 'a' }).catch((e: AppError) => e.code);
    const refreshing = handlers.refreshCredential({ id: 'a' }).catch((e: AppError) => e.code);
    void handlers.testCredential({ id: 'b' }).catch(() => undefined);
    expect(await handlers.cancelCredentialAction({ id: 'a' })).toEqual({ cancelled: true });
    expect(await testing).toBe('request_cancelled');
    expect(await refreshing).toBe('request_cancelled');
    expect(signals.a!.every((s) => s.aborted)).toBe(true);
    expect(signals.b![0]!.aborted).toBe(false);
    // Nothing left running for "a": a second cancel says so.
    expect(await handlers.cancelCredentialAction({ id: 'a' })).toEqual({ cancelled: false });
    await handlers.cancelCredentialAction({ id: 'b' });
  });
});
