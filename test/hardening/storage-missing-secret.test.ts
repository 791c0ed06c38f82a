// A configuration whose secret went missing (a file restored from a backup, a hand edit: a crash
// cannot do it any more, see storage-crash) is flagged and never used: no token request leaves
// without the client authentication its grant requires. Before, a client credentials credential
// with no stored secret sent a request with only client_id.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountFor, VAULT_SERVICE } from '../../src/main/vault/credential-secrets';
import { keyFileCipher, openDataStores } from '../../src/main/vault/open-data-stores';
import { startFaultHarness, type FaultHarness } from '../support/engine-harness';

const harnesses: FaultHarness[] = [];
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
});

describe('a credential whose secret is missing', () => {
  it.each(['client_credentials', 'password'] as const)(
    '%s: is flagged at start and sends no token request',
    async (grant) => {
      const harness = await startFaultHarness({ store: 'vault' });
      harnesses.push(harness);
      const id = await harness.addCredential(grant);
      const field = grant === 'password' ? 'password' : 'client-secret';
      // The secret disappears from the vault file, as a restored or edited file would leave it.
      const stores = await openDataStores({ dataDir: harness.dataDir!, cipher: keyFileCipher });
      await stores.vault.deletePassword(VAULT_SERVICE, accountFor(id, field));

      const reopened = await openDataStores({ dataDir: harness.dataDir!, cipher: keyFileCipher });
      expect(reopened.recovery.missingSecrets).toEqual([id]);
      expect(reopened.warnings.join(' ')).toMatch(/lack a secret their grant needs/);

      const engine = await harness.restart();
      const label = grant === 'password' ? 'Password' : 'Client secret';
      const [summary] = await engine.list();
      expect(summary?.status.state).toBe('error');
      expect(summary?.status.lastError?.message).toContain(`${label} missing — enter it again`);
      await expect(engine.getAccessToken(id)).rejects.toThrow(`${label} missing — enter it again`);
      const outcome = await engine.test(id);
      expect(outcome.ok).toBe(false);
      expect(outcome.message).toContain(`${label} missing — enter it again`);
      expect(harness.server.hits).toHaveLength(0);
    },
  );

  it('an orphaned secret (its configuration gone) is erased at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oauth-desk-orphan-'));
    try {
      const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
      await stores.secrets.updateClientSecret('gone', {
        kind: 'set',
        value: 'orphaned-secret-value',
      });
      const reopened = await openDataStores({ dataDir, cipher: keyFileCipher });
      expect(reopened.recovery.orphansRemoved).toEqual(['gone:client-secret']);
      expect(reopened.vault.size).toBe(0);
      expect(reopened.warnings).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
