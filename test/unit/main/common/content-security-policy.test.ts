// One CSP: the header (app:// handler, dev server) and the meta tag the build writes come from
// APP_CSP; the source index.html carries none, so `npm run dev` is not blocked by a stale copy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_META_CSP,
  cspMetaPlugin,
  cspMetaTag,
} from '../../../../src/main/common/content-security-policy';

const SOURCE_HTML = readFileSync(
  new URL('../../../../src/renderer/index.html', import.meta.url),
  'utf8',
);

describe('CSP meta tag', () => {
  it('is not in the source index.html (dev serves it as is, and its style-src would block Vite’s styles)', () => {
    expect(SOURCE_HTML).not.toMatch(/Content-Security-Policy/i);
  });

  it('is written by the build only, first in <head>, from APP_CSP without frame-ancestors', () => {
    const plugin = cspMetaPlugin();
    expect(plugin.apply).toBe('build');
    const built = plugin.transformIndexHtml.handler(SOURCE_HTML);
    expect(built.indexOf(cspMetaTag())).toBeGreaterThan(built.indexOf('<head>'));
    expect(built.indexOf(cspMetaTag())).toBeLessThan(built.indexOf('<script'));
    expect(APP_META_CSP).not.toContain('frame-ancestors');
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors'))).toEqual(
      APP_META_CSP.split('; '),
    );
  });
});
