// Migration of a credential record written before per-stage extras (record version 2, the format
// of today's files): its two lists load as per-stage extras that go to the same requests as
// before, and the next save writes the current version (4) without the old lists.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_RECORD_VERSION,
  CREDENTIALS_DIR_NAME,
  openRecordConfigRepository,
} from '../../../../src/main/vault/config-records';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

/** A record exactly as version 2 wrote it (every field the schema filled in, both lists). */
const versionTwoRecord = {
  schemaVersion: 2,
  credential: {
    name: 'Orders',
    provider: 'custom',
    grantType: 'authorization_code',
    clientId: 'orders-web',
    clientAuth: 'basic',
    pkce: 'S256',
    authorizationUrl: 'https://idp.example.com/authorize',
    tokenUrl: 'https://idp.example.com/token',
    redirectUri: 'oauthdesk://callback',
    scopes: 'openid offline_access',
    extraAuthParams: [{ name: 'prompt', value: 'consent' }],
    extraTokenParams: [{ name: 'organization', value: 'org_42' }],
    headerPrefix: 'Bearer',
    authorizeIn: 'embedded',
    createdAt: 1796173459310,
    updatedAt: 1796173459310,
  },
};

describe('a version 2 credential record', () => {
  it('loads its extras per stage, to the requests they went to, and is rewritten in the current version on save', async () => {
    const dir = join(tempDir(), CREDENTIALS_DIR_NAME);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, fileNameForKey('orders'));
    writeFileSync(file, JSON.stringify(versionTwoRecord));

    const repository = openRecordConfigRepository({ dir });
    expect((await repository.load()).warnings).toEqual([]);
    const loaded = (await repository.get('orders'))!;
    // extraTokenParams went to every token-endpoint and device request; they still do.
    expect(loaded.requestExtras).toEqual([
      { stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' },
      { stage: 'token', in: 'body', name: 'organization', value: 'org_42' },
      { stage: 'refresh', in: 'body', name: 'organization', value: 'org_42' },
      { stage: 'device_authorization', in: 'body', name: 'organization', value: 'org_42' },
    ]);
    expect(loaded).not.toHaveProperty('extraAuthParams');

    await repository.save({ ...loaded, name: 'Orders (EU)' });
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      schemaVersion: number;
      credential: Record<string, unknown>;
    };
    expect(written.schemaVersion).toBe(CONFIG_RECORD_VERSION);
    expect(CONFIG_RECORD_VERSION).toBe(5);
    expect(written.credential).not.toHaveProperty('extraAuthParams');
    expect(written.credential).not.toHaveProperty('extraTokenParams');
    expect(written.credential.requestExtras).toEqual(loaded.requestExtras);

    const reopened = openRecordConfigRepository({ dir });
    await reopened.load();
    expect((await reopened.get('orders'))!.requestExtras).toEqual(loaded.requestExtras);
  });
});
