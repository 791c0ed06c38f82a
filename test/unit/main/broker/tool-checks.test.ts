// What main refuses in a saved tool: a URL outside the credential's allowed API origins, and a
// header holding a stored secret (masked by value, whatever the header's name).
import { afterEach, describe, expect, it } from 'vitest';
import { checkToolForCredential } from '../../../../src/main/broker/api-tools';
import { clearRegisteredSecrets, registerSecret } from '../../../../src/main/common/redact';
import type { ApiToolInput } from '../../../../src/shared/broker';

const tool = (patch: Partial<ApiToolInput> = {}): ApiToolInput => ({
  name: 'list_items',
  description: 'Use this for items.',
  method: 'GET',
  urlTemplate: 'https://api.example.com/items/{{id}}',
  headers: [],
  bodyTemplate: '',
  credentialId: 'c1',
  parameterDescriptions: {},
  ...patch,
});

afterEach(() => clearRegisteredSecrets());

describe('checkToolForCredential', () => {
  it('accepts a tool whose origin is allowed', () => {
    expect(() =>
      checkToolForCredential(tool(), 'Items', ['https://api.example.com']),
    ).not.toThrow();
  });

  it('refuses another origin and says where to allow it', () => {
    expect(() => checkToolForCredential(tool(), 'Items', ['https://other.example'])).toThrow(
      '"Items" may not be sent to https://api.example.com. Add https://api.example.com to its allowed API origins in the Broker tab, then save the tool again.',
    );
  });

  it('refuses a header whose value carries a stored secret, without quoting it', () => {
    const secret = 'stored-access-token-5f9a1c';
    registerSecret(secret);
    const input = tool({ headers: [{ name: 'X-Api-Key', value: `Bearer ${secret}` }] });
    let message = '';
    try {
      checkToolForCredential(input, 'Items', ['https://api.example.com']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "Please fix: headers: the header X-Api-Key holds a stored secret or token. Remove it: the app adds the credential's token at each call.",
    );
    expect(message).not.toContain(secret);
  });
});
