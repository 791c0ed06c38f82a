// private_key_jwt with a key generated in the app: main makes the pair (ES256, RS256, PS256,
// EdDSA), keeps the private key in the vault and hands out its public JWKS; once that JWKS is
// registered at oidc-provider (RFC 7591 dynamic registration) the credential saved with the key
// gets tokens the protected API accepts. The private key is in no log, answer, status or data file
// in plain; a key the provider does not have is refused with a message that says what to do.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKeyAlg } from '../../../src/shared/client-auth';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { createEngineHarness, oidcFields } from '../../support/engine-harness';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { registerKeyClient } from '../../support/oidc-registration';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

let server: OidcServer;
let api: ProtectedApi;
const dataDirs: string[] = [];

beforeAll(async () => {
  server = await startOidcServer({ registration: true });
  api = await startProtectedApi({ issuer: server.issuer, audience: server.resource });
});
afterAll(async () => {
  await api?.stop();
  await server?.stop();
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** An engine over a real data folder (key file cipher), so its files can be scanned. */
async function vaultHarness() {
  const dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-keygen-'));
  dataDirs.push(dataDir);
  const { configs, secrets } = await openDataStores({ dataDir, cipher: keyFileCipher });
  return { h: createEngineHarness({ configs, secrets }), secrets, dataDir };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The private members of the stored JWK: the values that must appear nowhere else. */
function privateValues(stored: string | undefined): string[] {
  const jwk = JSON.parse(stored ?? '{}') as Record<string, unknown>;
  return ['d', 'p', 'q', 'dp', 'dq', 'qi'].flatMap((m) =>
    typeof jwk[m] === 'string' ? [jwk[m] as string] : [],
  );
}

/** RFC 7638 §3.2 computed here from the required members, independently of the app. */
function thumbprintOf(jwk: Record<string, unknown>): string {
  const required =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

const fieldsFor = (clientId: string, alg: ClientKeyAlg) =>
  credentialFieldsSchema.parse({
    ...oidcFields(server, 'privateKeyJwt'),
    clientId,
    clientKeyAlg: alg,
  });

describe('a client key generated in the app', () => {
  it.each(['ES256', 'RS256', 'PS256', 'EdDSA'] as const)(
    '%s: its public JWKS registered at the provider, the saved credential gets a token the API accepts',
    async (alg) => {
      const { h, secrets, dataDir } = await vaultHarness();
      const generated = await h.engine.generateClientKey({ alg });
      const [publicKey] = generated.jwks.keys;
      expect(generated.jwks.keys).toHaveLength(1);
      expect(publicKey).toMatchObject({ alg, use: 'sig', kid: generated.kid });
      expect(generated.kid).toBe(thumbprintOf(publicKey!));
      expect(publicKey).not.toHaveProperty('d');

      const { clientId } = await registerKeyClient(server, generated.jwks);
      const created = await h.engine.create(fieldsFor(clientId, alg), {
        clientSecret: { kind: 'generated', handle: generated.handle },
        password: { kind: 'keep' },
      });
      expect(created.hasClientSecret).toBe(true);
      const token = await h.engine.getAccessToken(created.config.id);
      const me = await fetch(`${api.url}/me`, { headers: { authorization: token.headerValue } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ clientId });
      // The details show the same public key that was registered.
      expect(await h.engine.clientPublicJwks(created.config.id)).toEqual(generated.jwks);

      // Not in the log, the generate answer, the summary or any file in the data folder in plain.
      const secretParts = privateValues(await secrets.getClientSecret(created.config.id));
      expect(secretParts.length).toBeGreaterThan(0);
      const seen = [
        h.log.text(),
        JSON.stringify(generated),
        JSON.stringify(await h.engine.status(created.config.id)),
        JSON.stringify(await h.engine.list()),
        ...(await Promise.all((await filesUnder(dataDir)).map((f) => readFile(f, 'latin1')))),
      ];
      const leaked = seen.some((text) => secretParts.some((part) => text.includes(part)));
      expect(leaked, 'a private key member appears in plain').toBe(false);
      // Its pending slot went with the save: only the credential holds the key now.
      expect(await secrets.getClientSecret(generated.handle)).toBeUndefined();
    },
  );

  it('takes the kid it is given instead of the thumbprint', async () => {
    const h = createEngineHarness();
    const generated = await h.engine.generateClientKey({ alg: 'ES256', kid: 'desk-key-1' });
    expect(generated.kid).toBe('desk-key-1');
    expect(generated.jwks.keys[0]).toMatchObject({ kid: 'desk-key-1' });
  });

  it('generating over a stored key keeps the old one signing until the new one is saved', async () => {
    const h = createEngineHarness();
    const first = await h.engine.generateClientKey({ alg: 'ES256' });
    const { clientId } = await registerKeyClient(server, first.jwks);
    const created = await h.engine.create(fieldsFor(clientId, 'ES256'), {
      clientSecret: { kind: 'generated', handle: first.handle },
      password: { kind: 'keep' },
    });
    const second = await h.engine.generateClientKey({ alg: 'ES256' });
    // Not saved yet: the stored key still signs and still is the one shown.
    await expect(h.engine.test(created.config.id)).resolves.toMatchObject({ ok: true });
    expect(await h.engine.clientPublicJwks(created.config.id)).toEqual(first.jwks);

    await h.engine.update(created.config.id, created.config, {
      clientSecret: { kind: 'generated', handle: second.handle },
      password: { kind: 'keep' },
    });
    expect(await h.engine.clientPublicJwks(created.config.id)).toEqual(second.jwks);
    // The provider has only the first key: the new one is refused, and the message says what to do.
    const failure = await h.engine.getAccessToken(created.config.id).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid_client' });
    const message = (failure as Error).message;
    expect(message).toContain(`it does not have this key for client "${clientId}"`);
    expect(message).toContain('Register the key');
    expect(message).toContain('Show public JWKS, then Copy');
  });

  it('a handle is taken once, and only one this engine issued', async () => {
    const h = createEngineHarness();
    const generated = await h.engine.generateClientKey({ alg: 'EdDSA' });
    const fields = fieldsFor(server.clients.privateKeyJwt.clientId, 'EdDSA');
    await h.engine.create(fields, {
      clientSecret: { kind: 'generated', handle: generated.handle },
      password: { kind: 'keep' },
    });
    const again = await h.engine
      .create(
        { ...fields, name: `${fields.name} again` },
        {
          clientSecret: { kind: 'generated', handle: generated.handle },
          password: { kind: 'keep' },
        },
      )
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      code: 'validation',
      fields: { clientSecret: expect.stringContaining('click Generate key again') },
    });
    // Another credential's id is no handle: its secret cannot be moved over by naming it.
    const basic = await h.create(oidcFields(server, 'clientCredentialsBasic'), {
      clientSecret: server.clients.clientCredentialsBasic.clientSecret!,
    });
    const stolen = await h.engine
      .create(
        { ...fields, name: `${fields.name} stolen` },
        {
          clientSecret: { kind: 'generated', handle: basic.config.id },
          password: { kind: 'keep' },
        },
      )
      .catch((e: unknown) => e);
    expect(stolen).toMatchObject({ code: 'validation' });
  });

  it('a key generated and never saved is gone from the vault after the next start', async () => {
    const { h, dataDir } = await vaultHarness();
    const generated = await h.engine.generateClientKey({ alg: 'ES256' });
    const reopened = await openDataStores({ dataDir, cipher: keyFileCipher });
    expect(reopened.recovery.orphansRemoved).toEqual([`${generated.handle}:client-secret`]);
    expect(await reopened.secrets.getClientSecret(generated.handle)).toBeUndefined();
  });

  it('a failed save keeps the generated key for the next try', async () => {
    const h = createEngineHarness();
    const generated = await h.engine.generateClientKey({ alg: 'ES256' });
    const fields = fieldsFor(server.clients.privateKeyJwt.clientId, 'ES256');
    await h.create(oidcFields(server, 'clientCredentialsBasic', { name: 'Taken name' }), {
      clientSecret: server.clients.clientCredentialsBasic.clientSecret!,
    });
    const updates = {
      clientSecret: { kind: 'generated', handle: generated.handle },
      password: { kind: 'keep' },
    } as const;
    await expect(h.engine.create({ ...fields, name: 'Taken name' }, updates)).rejects.toMatchObject(
      { code: 'conflict' },
    );
    await expect(h.engine.create(fields, updates)).resolves.toMatchObject({
      hasClientSecret: true,
    });
  });
});
