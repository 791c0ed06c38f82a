// createAppServices end to end: the real vault on files, the real engine, oidc-provider and a
// JWT-protected API on 127.0.0.1.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invokeNames,
  parseRequest,
  type EventName,
  type InvokeHandlers,
  type InvokeName,
  type RequestOf,
} from '../../../../src/shared/ipc-contract';
import { AppError } from '../../../../src/shared/errors';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { createAppServices, type AppServices } from '../../../../src/main/services/app-services';
import { keyFileCipher } from '../../../../src/main/vault/open-data-stores';
import { startOidcServer, type OidcServer } from '../../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../../support/protected-api';

const noAuthorizer: Authorizer = {
  begin: () => Promise.reject(new Error('no interactive flow in this test')),
};

let oidc: OidcServer;
let api: ProtectedApi;
let dataDir: string;

beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-services-'));
});
afterAll(async () => {
  await api?.stop();
  await oidc?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(
  events: Array<{ name: EventName; payload: unknown }> = [],
  authorizer = noAuthorizer,
): Promise<AppServices> {
  return createAppServices({
    dataDir,
    cipher: keyFileCipher,
    authorizerFor: () => authorizer,
    emit: (name, payload) => events.push({ name, payload }),
    mode: 'browser',
  });
}

/** Calls a handler the way the IPC router does: the request goes through the contract's schema first. */
async function call<K extends InvokeName>(
  handlers: InvokeHandlers,
  name: K,
  request: RequestOf<K>,
) {
  const parsed = parseRequest(name, request);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return (handlers[name] as (r: unknown) => ReturnType<InvokeHandlers[K]>)(parsed.value);
}

async function filesText(dir: string): Promise<string> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8').catch(() => '')));
  return texts.join('\n');
}

describe('createAppServices', () => {
  it('has a handler for every channel of the contract', async () => {
    const services = await open();
    try {
      expect(Object.keys(services.handlers).sort()).toEqual([...invokeNames].sort());
      const info = await call(services.handlers, 'getAppInfo', undefined);
      expect(info).toMatchObject({
        mode: 'browser',
        encryptionAvailable: true,
        dataDir,
        encryptionProblem: null,
      });
      expect(info.secretProtection).toMatch(/AES-256-GCM/);
    } finally {
      await services.close();
    }
  });

  it('creates a credential, calls the API with its token, and keeps secrets and tokens out of files, history and curl', async () => {
    const events: Array<{ name: EventName; payload: unknown }> = [];
    const services = await open(events);
    const client = oidc.clients.clientCredentialsBasic;
    let token = '';
    try {
      const created = await call(services.handlers, 'createCredential', {
        fields: {
          name: 'Test API',
          grantType: 'client_credentials',
          clientId: client.clientId,
          tokenUrl: oidc.endpoints.token,
          scopes: 'api:read',
          resource: oidc.resource,
        },
        clientSecret: { kind: 'set', value: client.clientSecret! },
      });
      expect(created.hasClientSecret).toBe(true);
      const id = created.config.id;
      expect(
        (await call(services.handlers, 'listCredentials', undefined)).map((c) => c.config.name),
      ).toEqual(['Test API']);

      const spec = {
        requestId: 'r1',
        method: 'GET' as const,
        url: `${api.url}/me`,
        credentialId: id,
      };
      const response = await call(services.handlers, 'sendRequest', spec);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({
        clientId: client.clientId,
        scope: 'api:read',
      });
      expect(oidc.tokenRequests({ clientId: client.clientId })).toHaveLength(1);

      // A second request reuses the cached token: no new token request.
      expect(
        (await call(services.handlers, 'sendRequest', { ...spec, requestId: 'r2' })).status,
      ).toBe(200);
      expect(oidc.tokenRequests({ clientId: client.clientId })).toHaveLength(1);
      expect(events.some((e) => e.name === 'credentialChanged')).toBe(true);

      token = (await call(services.handlers, 'revealToken', { id })).accessToken;
      expect(token.length).toBeGreaterThan(10);

      const history = await call(services.handlers, 'listHistory', undefined);
      expect(history.map((h) => h.status)).toEqual([200, 200]);
      const curl = (await call(services.handlers, 'copyAsCurl', { spec })).command;
      expect(curl).toContain('$OAUTH_DESK_TOKEN');
      expect(curl).not.toContain(token);
      expect(
        (await call(services.handlers, 'copyAsCurl', { spec, includeToken: true })).command,
      ).toContain(token);

      for (const text of [
        JSON.stringify(history),
        JSON.stringify(events),
        JSON.stringify(await call(services.handlers, 'listCredentials', undefined)),
      ]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(client.clientSecret!);
      }
    } finally {
      await services.close();
    }
    const onDisk = await filesText(dataDir);
    expect(onDisk).toContain('"url"'); // the history file is there
    expect(onDisk).not.toContain(token);
    expect(onDisk).not.toContain(client.clientSecret!);

    // A restart over the same folder: same credential, same token, history kept.
    const again = await open();
    try {
      const [summary] = await call(again.handlers, 'listCredentials', undefined);
      expect(summary?.status.state).toBe('connected');
      expect(
        (await call(again.handlers, 'revealToken', { id: summary!.config.id })).accessToken,
      ).toBe(token);
      expect(await call(again.handlers, 'listHistory', undefined)).toHaveLength(2);
      expect(await call(again.handlers, 'clearHistory', undefined)).toEqual({ cleared: 2 });
    } finally {
      await again.close();
    }
  });

  it('reports engine failures as typed errors', async () => {
    const services = await open();
    try {
      await expect(
        call(services.handlers, 'getCredential', { id: 'missing' }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        call(services.handlers, 'clearAuthSession', { id: 'missing' }),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await services.close();
    }
  });

  it('close() releases a sign-in that is still waiting for the user', async () => {
    let began = 0;
    // A page nobody signs in on: it waits until the flow is cancelled.
    const waiting: Authorizer = {
      begin: async () => {
        began += 1;
        return {
          redirectUri: 'http://127.0.0.1:9/callback',
          waitForCallback: (_url, signal) =>
            new Promise<string>((_resolve, reject) => {
              signal.addEventListener('abort', () =>
                reject(
                  new AppError({
                    code: 'authorization_cancelled',
                    message: 'Authorization was cancelled.',
                  }),
                ),
              );
            }),
          close: () => undefined,
        };
      },
    };
    const services = await open([], waiting);
    const created = await call(services.handlers, 'createCredential', {
      fields: {
        name: 'Waiting sign-in',
        grantType: 'authorization_code',
        clientId: oidc.clients.nativePkce.clientId,
        authorizationUrl: oidc.endpoints.authorization,
        tokenUrl: oidc.endpoints.token,
        redirectUri: 'http://127.0.0.1/callback',
      },
    });
    const pending = call(services.handlers, 'authorizeCredential', { id: created.config.id });
    const outcome = pending.then(
      () => 'resolved',
      (error: unknown) => (error as AppError).code,
    );
    await expect.poll(() => began).toBe(1);
    await services.close();
    expect(await outcome).toBe('authorization_cancelled');
  });
});
