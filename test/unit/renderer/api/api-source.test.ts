import { describe, expect, it } from 'vitest';
import { apiSource } from '../../../../src/renderer/src/api/api-source';

describe('apiSource', () => {
  it('uses the preload whenever it put window.api in place', () => {
    expect(apiSource(true, 'app:')).toBe('preload');
    expect(apiSource(true, 'http:')).toBe('preload');
  });
  it('uses the local bridge only for a page served over http(s) (browser mode)', () => {
    expect(apiSource(false, 'http:')).toBe('bridge');
    expect(apiSource(false, 'https:')).toBe('bridge');
  });
  it('says the preload failed for the app’s own page instead of looking for a bridge', () => {
    expect(apiSource(false, 'app:')).toBe('preload-missing');
    expect(apiSource(false, 'file:')).toBe('preload-missing');
  });
});
