import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import {
  invokeContract,
  invokeNames,
  type InvokeHandlers,
  type InvokeName,
} from '../../../../src/shared/ipc-contract';
import {
  createIpcRouter,
  FORBIDDEN_MESSAGE,
  routeEntries,
} from '../../../../src/main/ipc/ipc-router';
import {
  createAppUrlCheck,
  createTrustedSenderCheck,
  type SenderInfo,
} from '../../../../src/main/ipc/sender-check';
import type { Logger } from '../../../../src/main/oauth/ports';

const APP_URL = 'app://oauth-desk/index.html';
const isAppUrl = createAppUrlCheck({
  appOrigin: 'app://oauth-desk',
  devServerUrl: 'http://localhost:5173',
});
const isTrustedSender = createTrustedSenderCheck(isAppUrl);
const app: SenderInfo = {
  frameUrl: `${APP_URL}#/credentials`,
  isTopFrame: true,
  fromAppWindow: true,
};

/** Handlers that record what they were given and answer with the channel's name. */
function recordingHandlers() {
  const calls: { name: InvokeName; request: unknown }[] = [];
  const handlers = {} as Record<InvokeName, (request: unknown) => Promise<unknown>>;
  for (const name of invokeNames) {
    handlers[name] = async (request) => {
      calls.push({ name, request });
      return { answeredBy: name };
    };
  }
  return { calls, handlers: handlers as unknown as InvokeHandlers };
}

function captureLogger() {
  const lines: string[] = [];
  const log = (message: string, details?: Record<string, unknown>) =>
    void lines.push(`${message} ${JSON.stringify(details ?? {})}`);
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  return { logger, lines };
}

describe('createIpcRouter', () => {
  it('has a guarded route for every channel of the contract', () => {
    const router = createIpcRouter(recordingHandlers().handlers, { isTrustedSender });
    const entries = routeEntries(router);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(invokeContract).sort());
    for (const entry of entries) {
      expect(entry.channel).toBe(invokeContract[entry.name].channel);
      expect(typeof entry.call).toBe('function');
    }
    expect(new Set(entries.map((e) => e.channel)).size).toBe(entries.length);
  });

  it('runs the handler with the parsed request for our own top-level frame', async () => {
    const { calls, handlers } = recordingHandlers();
    const router = createIpcRouter(handlers, { isTrustedSender });
    await expect(router.getCredential(app, { id: 'c1' })).resolves.toEqual({
      ok: true,
      value: { answeredBy: 'getCredential' },
    });
    await expect(router.listCredentials(app, undefined)).resolves.toMatchObject({ ok: true });
    expect(calls[0]).toEqual({ name: 'getCredential', request: { id: 'c1' } });
    expect(calls[1]).toEqual({ name: 'listCredentials', request: undefined });
  });

  it.each([
    ['a sub-frame of our page', { ...app, isTopFrame: false }],
    ['a frame that navigated to another site', { ...app, frameUrl: 'https://evil.example/#x' }],
    ['another file on disk', { ...app, frameUrl: 'file:///tmp/evil.html' }],
    [
      'our files over file://',
      { ...app, frameUrl: 'file:///opt/oauth-desk/resources/app.asar/out/renderer/index.html' },
    ],
    ['the app scheme on another host', { ...app, frameUrl: 'app://evil/index.html' }],
    ['the app scheme with credentials', { ...app, frameUrl: 'app://x:y@oauth-desk/index.html' }],
    ['a dev-server look-alike port', { ...app, frameUrl: 'http://localhost:5174/' }],
    ['a frame that is gone', { ...app, frameUrl: null }],
    ['another window (the sign-in window)', { ...app, fromAppWindow: false }],
  ])('refuses %s with a forbidden error and does not run the handler', async (_label, sender) => {
    const { calls, handlers } = recordingHandlers();
    const { logger, lines } = captureLogger();
    const router = createIpcRouter(handlers, { isTrustedSender, logger });
    const result = await router.deleteCredential(sender as SenderInfo, { id: 'c1' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: FORBIDDEN_MESSAGE } });
    expect(calls).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('credentials:delete');
    expect(lines[0]).not.toContain('#x');
  });

  it('accepts the dev server origin in development', () => {
    expect(isTrustedSender({ ...app, frameUrl: 'http://localhost:5173/?x=1' })).toBe(true);
    expect(isTrustedSender({ ...app, frameUrl: 'http://localhost.evil.example:5173/' })).toBe(
      false,
    );
    expect(isTrustedSender({ ...app, frameUrl: 'not a url' })).toBe(false);
  });

  it.each([
    ['a missing payload', 'getCredential', undefined, 'request'],
    ['a wrong type', 'getCredential', { id: 42 }, 'id'],
    ['an empty id', 'deleteCredential', { id: '' }, 'id'],
    ['a payload for a no-argument call', 'listCredentials', { sneaky: true }, 'request'],
    [
      'an invalid credential',
      'createCredential',
      { fields: { name: '', grantType: 'password', clientId: 'x' } },
      'name',
    ],
  ] as const)(
    'rejects %s with a validation error naming the field',
    async (_label, name, payload, field) => {
      const { calls, handlers } = recordingHandlers();
      const router = createIpcRouter(handlers, { isTrustedSender });
      const result = await (router[name] as (s: SenderInfo, raw: unknown) => Promise<unknown>)(
        app,
        payload,
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      const error = (result as { error: { message: string; fields: Record<string, string> } })
        .error;
      expect(Object.keys(error.fields)).toContain(field);
      expect(error.message).toMatch(/^Please fix: /);
      expect(calls).toEqual([]);
    },
  );

  it('turns an AppError from a handler into its error value', async () => {
    const { handlers } = recordingHandlers();
    handlers.getCredential = async () => {
      throw new AppError({
        code: 'not_found',
        message: 'No credential with that id. It may have been deleted.',
      });
    };
    const router = createIpcRouter(handlers, { isTrustedSender });
    await expect(router.getCredential(app, { id: 'gone' })).resolves.toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'No credential with that id. It may have been deleted.',
      },
    });
  });

  it('hides the text of unexpected errors, which may hold secrets', async () => {
    const { handlers } = recordingHandlers();
    handlers.revealToken = async () => {
      throw new Error('fetch failed for https://api.example.com/?access_token=leaked-token-value');
    };
    const { logger, lines } = captureLogger();
    const router = createIpcRouter(handlers, { isTrustedSender, logger });
    const result = await router.revealToken(app, { id: 'c1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('leaked-token-value');
    expect(lines.join('\n')).not.toContain('leaked-token-value');
  });
});
