// Stored secrets are known for masking by value only once a path that can echo a typed value is
// used: a start and the list decrypt nothing (issue "cost that stays flat"), and the first tester
// call still masks a stored secret this run has not used. The real vault on files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearRegisteredSecrets,
  maskKnownValues,
  REDACTED,
} from '../../../../src/main/common/redact';
import { createAppServices, type AppServices } from '../../../../src/main/services/app-services';
import { keyFileCipher } from '../../../../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../../../../src/shared/credential';

const SECRET = 'stored-client-secret-never-used-this-run-4f1c';
/** RFC 8693: a pasted actor token, in its own vault slot. */
const ACTOR = 'stored-actor-token-never-used-this-run-9d2e';

let dataDir: string;
const open = () =>
  createAppServices({
    dataDir,
    cipher: keyFileCipher,
    authorizerFor: () => ({ begin: () => Promise.reject(new Error('not used')) }),
    emit: () => undefined,
    mode: 'browser',
    broker: false,
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-known-secrets-'));
  const first = await open();
  await first.engine.create(
    credentialFieldsSchema.parse({
      name: 'Stored',
      grantType: 'client_credentials',
      clientId: 'stored-client',
      tokenUrl: 'http://127.0.0.1:9/token',
    }),
    { clientSecret: { kind: 'set', value: SECRET }, password: { kind: 'keep' } },
  );
  await first.engine.create(
    credentialFieldsSchema.parse({
      name: 'Exchanging',
      grantType: 'token_exchange',
      clientId: 'exchanging-client',
      tokenUrl: 'http://127.0.0.1:9/token',
      subjectTokenType: 'access_token',
      subjectCredential: 'any',
      actorTokenSource: 'pasted',
    }),
    {
      clientSecret: { kind: 'keep' },
      password: { kind: 'keep' },
      actorToken: { kind: 'set', value: ACTOR },
    },
  );
  await first.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('known secrets on demand', () => {
  let services: AppServices;

  it('a start and the list leave the stored secrets unread', async () => {
    clearRegisteredSecrets();
    services = await open();
    await services.handlers.listCredentialPage({ offset: 0, limit: 100 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(maskKnownValues(`pasted ${SECRET}`)).toBe(`pasted ${SECRET}`);
    expect(maskKnownValues(`pasted ${ACTOR}`)).toBe(`pasted ${ACTOR}`);
  });

  it('the first tester call reads them all first, so the stored secret is masked', async () => {
    await services.handlers.listHistory(undefined as never);
    expect(maskKnownValues(`pasted ${SECRET}`)).toBe(`pasted ${REDACTED}`);
    expect(maskKnownValues(`pasted ${ACTOR}`)).toBe(`pasted ${REDACTED}`);
    await services.close();
  });
});
