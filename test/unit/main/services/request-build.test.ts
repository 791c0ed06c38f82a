// The `{{name}}` variables a request uses: read from the URL and the enabled query and header
// values only, each name once, and none at all for a request without `{{` (the API call's hot path
// skips gathering the texts then, and must still find every name when there is one).
import { describe, expect, it } from 'vitest';
import { specVariableNames } from '../../../../src/main/services/request-build';
import { requestSpecSchema } from '../../../../src/shared/requests';

const spec = (fields: Record<string, unknown>) =>
  requestSpecSchema.parse({
    requestId: 'r1',
    method: 'GET',
    url: 'https://api.example.com/v1/items',
    ...fields,
  });

describe('the variables a request uses', () => {
  it('are none for a request without {{', () => {
    expect(
      specVariableNames(
        spec({
          query: [{ name: 'q', value: 'a{b}' }],
          headers: [{ name: 'x-brace', value: '{"json": true}' }],
        }),
      ),
    ).toEqual([]);
  });

  it('are found in the URL, a query value and a header value, each once', () => {
    expect(
      specVariableNames(
        spec({
          url: 'https://{{host}}/v1/{{tenant}}',
          query: [{ name: 'q', value: '{{tenant}}-{{page}}' }],
          headers: [{ name: 'x-trace', value: 'id {{trace}}' }],
        }),
      ),
    ).toEqual(['host', 'tenant', 'page', 'trace']);
  });

  it('are found when only a header value holds one, and not in a disabled row', () => {
    expect(
      specVariableNames(
        spec({
          headers: [
            { name: 'x-off', value: '{{unused}}', enabled: false },
            { name: 'x-on', value: 'Bearer {{api_key}}' },
          ],
        }),
      ),
    ).toEqual(['api_key']);
    expect(
      specVariableNames(spec({ query: [{ name: 'q', value: '{{only}}', enabled: false }] })),
    ).toEqual([]);
  });
});
