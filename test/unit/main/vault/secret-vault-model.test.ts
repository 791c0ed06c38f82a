// Any sequence of vault operations, with reopens in between, behaves like a plain Map.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAesGcmCipher } from '../../../../src/main/vault/aes-gcm-key-file-cipher';
import { SecretVault } from '../../../../src/main/vault/secret-vault';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

type Op =
  | { kind: 'set'; service: string; account: string; secret: string }
  | { kind: 'delete'; service: string; account: string }
  | { kind: 'reopen' };

const service = fc.constantFrom('oauth-desk', 'other');
const account = fc.constantFrom('a:client-secret', 'a:tokens', 'b:password', 'ünï:çødé');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    service,
    account,
    secret: fc.string({ maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), service, account }),
  fc.constant({ kind: 'reopen' as const }),
);

describe('SecretVault against a Map model', () => {
  it('returns what was last set, across reopens', async () => {
    const cipher = createAesGcmCipher(randomBytes(32));
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const dir = tempDir();
        let vault = SecretVault.open({ dir, cipher }).vault;
        const model = new Map<string, string>();
        for (const step of ops) {
          if (step.kind === 'reopen') vault = SecretVault.open({ dir, cipher }).vault;
          else if (step.kind === 'set') {
            await vault.setPassword(step.service, step.account, step.secret);
            model.set(`${step.service}\u0000${step.account}`, step.secret);
          } else {
            const existed = model.delete(`${step.service}\u0000${step.account}`);
            expect(await vault.deletePassword(step.service, step.account)).toBe(existed);
          }
        }
        const reopened = SecretVault.open({ dir, cipher }).vault;
        for (const svc of ['oauth-desk', 'other']) {
          const expected = [...model]
            .filter(([key]) => key.startsWith(`${svc}\u0000`))
            .map(([key, password]) => ({ account: key.slice(svc.length + 1), password }))
            .sort((x, y) => x.account.localeCompare(y.account));
          const actual = (await reopened.findCredentials(svc)).sort((x, y) =>
            x.account.localeCompare(y.account),
          );
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  });
});
