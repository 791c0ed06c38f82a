// Extra parameters can never replace the ones the flow's security rests on: refused when the
// configuration is validated, with a message naming the parameter and what to do.
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../src/shared/credential';

const base = {
  name: 'Orders',
  grantType: 'authorization_code',
  clientId: 'app',
  authorizationUrl: 'https://id.example/authorize',
  tokenUrl: 'https://id.example/token',
};

describe('protected parameters', () => {
  it.each([
    'state',
    'nonce',
    'code_challenge',
    'Redirect_URI',
    'grant_type',
    'client_secret',
    ' client_id ',
  ])('refuses "%s" as an extra parameter of either request', (name) => {
    for (const field of ['extraAuthParams', 'extraTokenParams'] as const) {
      const parsed = credentialFieldsSchema.safeParse({ ...base, [field]: [{ name, value: 'x' }] });
      expect(parsed.success).toBe(false);
      const message = parsed.error?.issues[0]?.message ?? '';
      expect(message).toContain(`"${name.trim()}" cannot be an extra parameter`);
      expect(parsed.error?.issues[0]?.path[0]).toBe(field);
    }
  });

  it('accepts the parameters providers document as extras', () => {
    const parsed = credentialFieldsSchema.safeParse({
      ...base,
      extraAuthParams: [
        { name: 'prompt', value: 'consent' },
        { name: 'access_type', value: 'offline' },
      ],
      extraTokenParams: [{ name: 'organization', value: 'org_1' }],
    });
    expect(parsed.success).toBe(true);
  });
});
