// The request history is plain JSON in the data folder, so the rule is strict: a token or secret
// never reaches it, not even one the user typed into the tester (say, while trying a token
// endpoint by hand). Every place a request can carry one is tried here, then the file is scanned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistoryStore } from '../../src/main/services/history-store';
import { requestSpecSchema, type RequestSpecInput } from '../../src/shared/requests';
import { describeHits, scanForSecrets } from '../support/leak-scan';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SECRETS = {
  refreshToken: 'rt-typed-by-hand-7Hq2Lx9Vb4',
  accessToken: 'at-typed-by-hand-3Wn8Kc1Zp6',
  clientSecret: 'cs-typed-by-hand-5Rj0Ym2Td8',
  password: 'pw-typed-by-hand-9Gs4Fa7Eu1',
};
const tokenUrl = 'https://provider.example/oauth/token';

const CASES: Array<[string, Omit<RequestSpecInput, 'requestId'>]> = [
  [
    'form body fields',
    {
      method: 'POST',
      url: tokenUrl,
      body: {
        kind: 'form',
        fields: [
          { name: 'grant_type', value: 'refresh_token' },
          { name: 'refresh_token', value: SECRETS.refreshToken },
          { name: 'client_secret', value: SECRETS.clientSecret },
          { name: 'password', value: SECRETS.password },
        ],
      },
    },
  ],
  [
    'a JSON body',
    {
      method: 'POST',
      url: tokenUrl,
      body: {
        kind: 'json',
        text: JSON.stringify({
          refresh_token: SECRETS.refreshToken,
          client_secret: SECRETS.clientSecret,
          password: SECRETS.password,
        }),
      },
    },
  ],
  [
    'a raw form-encoded body',
    {
      method: 'POST',
      url: tokenUrl,
      body: {
        kind: 'raw',
        contentType: 'application/x-www-form-urlencoded',
        text: `grant_type=password&username=ada&password=${SECRETS.password}&client_secret=${SECRETS.clientSecret}`,
      },
    },
  ],
  [
    'the URL and the query table',
    {
      method: 'GET',
      url: `https://api.example/v1?access_token=${SECRETS.accessToken}`,
      query: [{ name: 'refresh_token', value: SECRETS.refreshToken }],
    },
  ],
  [
    'the Authorization header',
    {
      method: 'GET',
      url: 'https://api.example/v1',
      headers: [{ name: 'Authorization', value: `Bearer ${SECRETS.accessToken}` }],
    },
  ],
];

describe('request history never keeps a typed token or secret', () => {
  for (const [label, spec] of CASES) {
    it(`scrubs ${label}`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-history-'));
      dirs.push(dataDir);
      const { store } = await openHistoryStore({ dataDir, writeDelayMs: 0 });
      const entry = store.add(requestSpecSchema.parse({ requestId: 'r1', ...spec }), {
        status: 200,
        durationMs: 5,
      });
      await store.flush();
      const hits = scanForSecrets(
        {
          paths: [dataDir],
          texts: { entry: JSON.stringify(entry), listed: JSON.stringify(store.list()) },
        },
        SECRETS,
      );
      expect(hits, describeHits(hits)).toEqual([]);
      // What is not secret stays, so the entry is still useful.
      expect(JSON.stringify(entry)).toContain(spec.url.split('?')[0]);
    });
  }
});
