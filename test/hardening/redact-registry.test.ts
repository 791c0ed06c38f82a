// The redaction registry is bounded; a secret the app keeps using must never age out of it,
// or a long-running app stops masking its own client secret after enough token refreshes.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { clearRegisteredSecrets, redact, registerSecret } from '../../src/main/common/redact';

const value = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

describe('redaction registry under long use', () => {
  afterEach(() => clearRegisteredSecrets());

  it('still masks a secret that is registered again on every request after thousands of rotated tokens', () => {
    const clientSecret = value('cs');
    registerSecret(clientSecret);
    // Each refresh registers a new access and refresh token; every request re-registers the secret.
    for (let refresh = 0; refresh < 3000; refresh += 1) {
      registerSecret(value('at'));
      registerSecret(value('rt'));
      registerSecret(clientSecret);
    }
    expect(
      redact(`token request failed for client_id=desk with secret ${clientSecret}`),
    ).not.toContain(clientSecret);
  });
});
