// What the open holds per configuration: records of the same fields are loaded as objects of one
// hidden class. On Node 20's V8 a spread followed by more properties (`{ ...fields, id }`) gave
// every object a map and descriptor array of its own: about 0.5 KB more per credential held and a
// runtime call per record at open (storage-scale's resting memory, README "Storage").
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { openRecordConfigRepository } from '../../../../src/main/vault/config-records';
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { useTempDirs } from '../../../support/temp-dirs';

// V8's own answer, not a guess from sizes: `%HaveSameMap` (test only; the flag is process-wide
// and changes nothing else).
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;

const tempDir = useTempDirs();

describe('configurations held after the open', () => {
  it('share one hidden class when their records hold the same fields', async () => {
    const dir = tempDir();
    const writer = openRecordConfigRepository({ dir });
    // More records than V8 needs to switch its object-clone cache to the path that split maps.
    for (let i = 0; i < 60; i += 1) {
      const fields = credentialFieldsSchema.parse({
        name: `Service ${i}`,
        grantType: 'client_credentials',
        clientId: `client-${i}`,
        tokenUrl: 'http://127.0.0.1:9/token',
        scopes: 'api:read',
      });
      await writer.save({ ...fields, id: `id-${i}`, createdAt: i, updatedAt: i });
    }
    const reopened = openRecordConfigRepository({ dir });
    expect((await reopened.load()).warnings).toEqual([]);
    const held = reopened.sorted();
    expect(held).toHaveLength(60);
    const apart = held.filter((config) => !haveSameMap(config, held[0]!));
    expect(apart.map((config) => config.id)).toEqual([]);
  });
});
