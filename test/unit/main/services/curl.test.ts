import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requestSpecSchema, type RequestSpecInput } from '../../../../src/shared/requests';
import { shellQuote, toCurl } from '../../../../src/main/services/curl';

const spec = (input: Partial<RequestSpecInput> & { url: string }) =>
  requestSpecSchema.parse({ requestId: 'r1', method: 'GET', ...input });

/** What a POSIX shell makes of a command line: the argv curl would receive. */
function shellWords(command: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync(
    'sh',
    ['-c', `set -- ${command.replace(/^curl/, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  ).toString('utf8');
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it.each(['plain', "it's", "a'b'c", '$HOME `id` "x" \\n', '', "'"])(
    'round-trips %j through sh',
    (value) => {
      expect(shellWords(shellQuote(value))).toEqual([value]);
    },
  );
});

describe('toCurl', () => {
  it('writes method, URL with query, headers and body as curl receives them', () => {
    const command = toCurl(
      spec({
        method: 'POST',
        url: 'https://api.example.com/items',
        query: [{ name: 'q', value: "it's" }],
        headers: [{ name: 'X-Note', value: 'say "$HOME"' }],
        body: { kind: 'json', text: '{"name": "O\'Brien"}' },
      }),
      { kind: 'none' },
    );
    expect(shellWords(command)).toEqual([
      'https://api.example.com/items?q=it%27s',
      '-X',
      'POST',
      '-H',
      'X-Note: say "$HOME"',
      '-H',
      'Content-Type: application/json',
      '--data-raw',
      '{"name": "O\'Brien"}',
    ]);
  });

  it('puts a placeholder for the token unless asked to include it', () => {
    const s = spec({
      url: 'https://api.example.com/me',
      credentialId: 'c1',
      headers: [{ name: 'Authorization', value: 'typed' }],
    });
    const placeholder = toCurl(s, { kind: 'placeholder', placement: { headerPrefix: 'Bearer' } });
    expect(placeholder).toContain(`'Authorization: Bearer '"$OAUTH_DESK_TOKEN"`);
    expect(placeholder).not.toContain('typed');
    expect(shellWords(placeholder, { OAUTH_DESK_TOKEN: 'tok123' })).toEqual([
      'https://api.example.com/me',
      '-H',
      'Authorization: Bearer tok123',
    ]);

    const included = toCurl(s, {
      kind: 'token',
      placed: { in: 'header', name: 'Authorization', value: "Bearer a'b" },
    });
    expect(shellWords(included)).toEqual([
      'https://api.example.com/me',
      '-H',
      "Authorization: Bearer a'b",
    ]);
  });

  it('writes the token where the placement says: a custom header, no prefix, or the query', () => {
    const s = spec({
      url: 'https://api.example.com/me?a=1',
      credentialId: 'c1',
      headers: [{ name: 'X-Goog-Token', value: 'typed' }],
    });
    const header = toCurl(s, {
      kind: 'placeholder',
      placement: { headerPrefix: '', tokenHeaderName: 'X-Goog-Token' },
    });
    expect(shellWords(header, { OAUTH_DESK_TOKEN: 'tok123' })).toEqual([
      'https://api.example.com/me?a=1',
      '-H',
      'X-Goog-Token: tok123',
    ]);
    const query = toCurl(s, {
      kind: 'placeholder',
      placement: { headerPrefix: 'Bearer', tokenPlacement: 'query', tokenQueryParam: 'key' },
    });
    expect(shellWords(query, { OAUTH_DESK_TOKEN: 'tok123' })).toEqual([
      'https://api.example.com/me?a=1&key=tok123',
      '-H',
      'X-Goog-Token: typed',
    ]);
  });

  it('uses --head for HEAD, --globoff for brackets, and keeps a body starting with @ literal', () => {
    expect(
      shellWords(toCurl(spec({ method: 'HEAD', url: 'https://a.example/x' }), { kind: 'none' })),
    ).toEqual(['https://a.example/x', '--head']);
    expect(toCurl(spec({ url: 'https://a.example/x?f[0]=1' }), { kind: 'none' })).toContain(
      '--globoff',
    );
    const raw = toCurl(
      spec({
        method: 'PUT',
        url: 'https://a.example/x',
        body: { kind: 'raw', text: '@/etc/passwd\nline2', contentType: 'text/plain' },
      }),
      { kind: 'none' },
    );
    expect(shellWords(raw).slice(-2)).toEqual(['--data-raw', '@/etc/passwd\nline2']);
  });
});
