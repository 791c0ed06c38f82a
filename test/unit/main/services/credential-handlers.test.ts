// Cancel for Test and Refresh now: the handler hands the engine a signal per running action, and
// the cancel channel aborts the ones of that credential only.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import type { OAuthEngine } from '../../../../src/main/oauth/ports';
import { createCredentialHandlers } from '../../../../src/main/services/credential-handlers';
import { GRANT_TYPES, type GrantType } from '../../../../src/shared/grant-types';

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

describe('planAuthorization', () => {
  const engineWith = (grants: Record<string, GrantType>) =>
    ({
      get: async (id: string) => {
        const grantType = grants[id];
        if (!grantType) throw new AppError({ code: 'not_found', message: `no ${id}` });
        return { config: { id, grantType } };
      },
    }) as unknown as OAuthEngine;

  it('says the sign-in opens a page for authorization code and implicit, not for device code or the others', async () => {
    const handlers = createCredentialHandlers({
      engine: engineWith(Object.fromEntries(GRANT_TYPES.map((g) => [g, g]))),
    });
    const plans = Object.fromEntries(
      await Promise.all(
        GRANT_TYPES.map(async (g) => [g, (await handlers.planAuthorization({ id: g })).signInPage]),
      ),
    );
    expect(plans).toEqual({
      authorization_code: true,
      implicit: true,
      device_code: false,
      client_credentials: false,
      password: false,
      jwt_bearer: false,
      token_exchange: false,
    });
  });

  it('an unknown credential is not_found, as Authorize itself would say', async () => {
    const handlers = createCredentialHandlers({ engine: engineWith({}) });
    await expect(handlers.planAuthorization({ id: 'gone' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
