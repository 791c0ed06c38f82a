import { describe, expect, it } from 'vitest';
import { scopesNotGranted } from '../../../src/shared/granted-scopes';

describe('scopes not granted', () => {
  it('lists requested scopes missing from the grant, in the order asked', () => {
    expect(scopesNotGranted('openid api:read api:write', 'api:read openid')).toEqual(['api:write']);
    expect(scopesNotGranted('a b', 'b a')).toEqual([]);
  });

  it('says nothing when the server granted no scope list or more than asked', () => {
    expect(scopesNotGranted('a b', null)).toEqual([]);
    expect(scopesNotGranted('a', 'a b c')).toEqual([]);
  });

  it("takes Google's URL forms of email and profile and Slack's commas as the same scopes", () => {
    expect(
      scopesNotGranted(
        'openid email profile',
        'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      ),
    ).toEqual([]);
    expect(scopesNotGranted('channels:read,chat:write', 'channels:read')).toEqual(['chat:write']);
  });
});
