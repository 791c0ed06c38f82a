// A long response body is shown from its start, cut at a line break, with honest line counts.
import { describe, expect, it } from 'vitest';
import { bodyPreview } from '../../../../src/renderer/src/features/tester/body-preview';

describe('bodyPreview', () => {
  it('shows a body within the limit whole', () => {
    expect(bodyPreview('{"a": 1}', 100)).toBeNull();
    expect(bodyPreview('x'.repeat(100), 100)).toBeNull();
  });

  it('cuts a long body at the last line break before the limit and counts both', () => {
    const body = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const preview = bodyPreview(body, 40)!;
    expect(preview.text).toBe('line 0\nline 1\nline 2\nline 3\nline 4');
    expect(preview.shownLines).toBe(5);
    expect(preview.totalLines).toBe(50);
    expect(body.startsWith(preview.text)).toBe(true);
  });

  it('cuts a single huge line (minified JSON) at the limit instead of showing nothing', () => {
    const preview = bodyPreview('[' + '1,'.repeat(100) + '1]', 50)!;
    expect(preview.text).toHaveLength(50);
    expect(preview.totalLines).toBe(1);
  });
});
