// Naming steps from what was sent, and telling a failure from the answers a device poll expects.
import { describe, expect, it } from 'vitest';
import {
  classifyExchange,
  explainStatus,
  readRequest,
} from '../../../../src/main/timeline/exchange';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
});

describe('timeline exchanges', () => {
  it('names each OAuth request by what it carries', () => {
    const cases: Array<[string, RequestInit | undefined, string, string]> = [
      [
        'https://idp.example/.well-known/openid-configuration',
        undefined,
        'discovery',
        'Discovery: server metadata',
      ],
      [
        'https://idp.example/token',
        form({ grant_type: 'client_credentials' }),
        'token_request',
        'Token request: client_credentials grant',
      ],
      [
        'https://idp.example/token',
        form({ grant_type: 'refresh_token', refresh_token: 'r' }),
        'refresh',
        'Token request: refresh_token grant',
      ],
      [
        'https://idp.example/token',
        form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'd' }),
        'device_poll',
        'Token request: device code poll',
      ],
      [
        'https://idp.example/revoke',
        form({ token: 't', token_type_hint: 'refresh_token' }),
        'revocation',
        'Revocation: refresh_token',
      ],
      [
        'https://idp.example/token/introspection',
        form({ token: 't' }),
        'introspection',
        'Introspection',
      ],
    ];
    for (const [url, init, kind, title] of cases)
      expect(classifyExchange(readRequest(url, init), 'test', false), url).toEqual({ kind, title });
    expect(
      classifyExchange(
        readRequest('https://idp.example/device/auth', form({ client_id: 'c', scope: 'openid' })),
        'sign_in',
        false,
      ).kind,
    ).toBe('device_authorization');
    // In an API call flow, the tester's own request is the API call, the token lookup on the way is not.
    expect(
      classifyExchange(readRequest('https://api.example/v1/me', undefined), 'api_call', true),
    ).toEqual({
      kind: 'api_call',
      title: 'API call: GET api.example/v1/me',
    });
    expect(
      classifyExchange(
        readRequest('https://idp.example/token', form({ grant_type: 'client_credentials' })),
        'api_call',
        false,
      ).kind,
    ).toBe('token_request');
  });

  it('explains a failure in the provider’s words, and does not count a pending device poll as one', () => {
    expect(
      explainStatus('token_request', 400, {
        error: 'invalid_client',
        error_description: 'client authentication failed',
      }),
    ).toEqual({ failed: true, message: 'invalid_client — client authentication failed' });
    expect(explainStatus('api_call', 503, null)).toEqual({
      failed: true,
      message: 'The server answered HTTP 503.',
    });
    expect(explainStatus('device_poll', 400, { error: 'authorization_pending' })).toMatchObject({
      failed: false,
      message: expect.stringMatching(/^authorization_pending/),
    });
    expect(explainStatus('device_poll', 400, { error: 'expired_token' })).toMatchObject({
      failed: true,
    });
    expect(explainStatus('refresh', 200, { access_token: 'a' })).toEqual({
      failed: false,
      message: null,
    });
  });
});
