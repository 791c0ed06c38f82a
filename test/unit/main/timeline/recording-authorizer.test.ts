// The timeline's wrapper around the app's authorizers keeps what the engine asks of them besides a
// sign-in: Sign out of an account must still reach the embedded window's session clearer.
import { describe, expect, it } from 'vitest';
import { recordAuthorizerFor } from '../../../../src/main/timeline/recording-authorizer';
import type { Authorizer } from '../../../../src/main/oauth/ports';
import { authCodeConfig } from '../authorize/config-fixture';

describe('recorded authorizers', () => {
  it('forward forgetSession to the authorizer they wrap, and have none when it has none', async () => {
    const forgotten: string[] = [];
    const withSessions: Authorizer = {
      begin: () => Promise.reject(new Error('no sign-in here')),
      forgetSession: async (partition) => void forgotten.push(partition),
    };
    const recorded = recordAuthorizerFor(() => withSessions)(authCodeConfig());
    await recorded.forgetSession?.('c1~default~acct-b');
    expect(forgotten).toEqual(['c1~default~acct-b']);

    const without = recordAuthorizerFor(() => ({ begin: withSessions.begin }))(authCodeConfig());
    expect(without.forgetSession).toBeUndefined();
  });
});
