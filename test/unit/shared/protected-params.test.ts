// Extra parameters and headers can never replace the ones the flow's security rests on: refused
// when the configuration is validated, with a message naming the row and what to do.
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import { EXTRA_STAGES, type RequestExtra } from '../../../src/shared/request-extras';

const base = {
  name: 'Orders',
  grantType: 'authorization_code',
  clientId: 'app',
  authorizationUrl: 'https://id.example/authorize',
  tokenUrl: 'https://id.example/token',
};

const problemOf = (extra: RequestExtra) => {
  const parsed = credentialFieldsSchema.safeParse({ ...base, requestExtras: [extra] });
  return {
    ok: parsed.success,
    message: parsed.error?.issues[0]?.message ?? '',
    path: parsed.error?.issues[0]?.path,
  };
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
  ])('refuses "%s" as an extra parameter of every stage', (name) => {
    for (const stage of EXTRA_STAGES) {
      const { ok, message, path } = problemOf({ stage, in: 'query', name, value: 'x' });
      expect(ok).toBe(false);
      expect(message).toContain(`"${name.trim()}" cannot be an extra parameter`);
      expect(path).toEqual(['requestExtras', 0, 'name']);
    }
  });

  it.each(['Authorization', 'DPoP', 'content-type', 'Host', 'Accept'])(
    'refuses the header "%s", which client authentication or the body depends on',
    (name) => {
      const { ok, message } = problemOf({ stage: 'token', in: 'header', name, value: 'x' });
      expect(ok).toBe(false);
      expect(message).toContain(`"${name}" cannot be an extra header`);
    },
  );

  it('refuses a header name with a separator and a value that would start another header', () => {
    expect(
      problemOf({ stage: 'refresh', in: 'header', name: 'X Tenant', value: 'a' }).message,
    ).toContain('must be one word');
    expect(
      problemOf({ stage: 'refresh', in: 'header', name: 'X-Tenant', value: 'a\r\nX-Evil: 1' })
        .message,
    ).toContain('line break');
  });

  it('refuses a body parameter or header on the authorization request, which the browser opens', () => {
    for (const place of ['body', 'header'] as const) {
      const { ok, message } = problemOf({
        stage: 'authorization',
        in: place,
        name: 'X-A',
        value: '1',
      });
      expect(ok).toBe(false);
      expect(message).toContain('only carries query parameters');
    }
  });

  it('accepts the parameters and headers providers document as extras', () => {
    const parsed = credentialFieldsSchema.safeParse({
      ...base,
      requestExtras: [
        { stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' },
        { stage: 'authorization', in: 'query', name: 'access_type', value: 'offline' },
        { stage: 'token', in: 'body', name: 'organization', value: 'org_1' },
        { stage: 'token', in: 'header', name: 'Origin', value: 'https://spa.example' },
        { stage: 'refresh', in: 'query', name: 'api-version', value: '2' },
      ],
    });
    expect(parsed.success).toBe(true);
  });
});
