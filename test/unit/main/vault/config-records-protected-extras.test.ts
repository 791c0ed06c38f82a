// A credential saved before extra parameters named like the flow's own (state, client_id...) were
// refused must still load: those rows never took effect, so they are set aside and named, and the
// rest of the credential, its other extras included, stays usable.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import {
  CREDENTIALS_DIR_NAME,
  openRecordConfigRepository,
} from '../../../../src/main/vault/config-records';
import { fileNameForKey } from '../../../../src/main/vault/record-folder';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

describe('a stored credential with extra parameters the flow sets itself', () => {
  it('still loads, without those rows, and says which were set aside', async () => {
    const dir = join(tempDir(), CREDENTIALS_DIR_NAME);
    mkdirSync(dir, { recursive: true });
    const fields = credentialFieldsSchema.parse({
      name: 'Old sign-in',
      grantType: 'authorization_code',
      clientId: 'old-client',
      authorizationUrl: 'https://idp.example.com/authorize',
      tokenUrl: 'https://idp.example.com/token',
      redirectUri: 'http://127.0.0.1/callback',
      scopes: 'openid',
    });
    const credential = {
      ...fields,
      extraAuthParams: [
        { name: 'State', value: 'fixed' },
        { name: 'prompt', value: 'consent' },
      ],
      extraTokenParams: [{ name: 'client_id', value: 'other' }],
      createdAt: 1,
      updatedAt: 1,
    };
    const file = join(dir, fileNameForKey('old'));
    // Version 2: the record format of the releases that had these two lists.
    const stored = JSON.stringify({ schemaVersion: 2, credential });
    writeFileSync(file, stored);

    const repository = openRecordConfigRepository({ dir });
    const { warnings } = await repository.load();

    const loaded = await repository.get('old');
    expect(loaded?.name).toBe('Old sign-in');
    expect(loaded?.requestExtras).toEqual([
      { stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"Old sign-in"');
    expect(warnings[0]).toContain('State, client_id');
    // Opening changes nothing on disk: only the user's next save rewrites the record.
    expect(readFileSync(file, 'utf8')).toBe(stored);
  });
});
