// The page's Content Security Policy: no inline or remote script, nothing loaded from elsewhere.
// The build writes the meta tag (cspMetaPlugin in content-security.ts); it is checked as built.
import { describe, expect, it } from 'vitest';
import html from '../../../../src/renderer/index.html?raw';
import { cspMetaPlugin } from '../../../../src/main/common/content-security-policy';

const built = cspMetaPlugin().transformIndexHtml.handler(html);

function csp(): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(built)?.[1];
  expect(content).toBeDefined();
  return new Map(
    content!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('renderer index.html', () => {
  it('is titled OAuth Desk', () => {
    expect(html).toMatch(/<title>OAuth Desk<\/title>/);
  });

  it('allows scripts, styles and connections from its own origin only', () => {
    const policy = csp();
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('loads no external resource', () => {
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
