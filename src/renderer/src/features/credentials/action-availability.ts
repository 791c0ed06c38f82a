// Which credential actions can do something right now, and why not when they cannot. A button
// that can only answer with an error is disabled instead, its reason shown as its tooltip and
// read out as its description.
import { isInteractiveGrant, usesRedirect } from '../../../../shared/grant-types';
import type { CredentialSummary } from '../../../../shared/status';
import { canRenewWithoutUser, factsOfStatus } from '../../../../shared/token-state';
import type { CredentialAction } from './credential-actions';

/** null when the action can run; otherwise what stops it and what to do instead. */
export function unavailableReason(
  summary: CredentialSummary,
  action: CredentialAction,
): string | null {
  const { status, config } = summary;
  const interactive = isInteractiveGrant(config.grantType);
  switch (action) {
    case 'refresh':
      // Non-interactive grants fetch a new token whenever asked; a signed-in one needs its refresh token.
      if (canRenewWithoutUser(factsOfStatus(status), interactive)) return null;
      return status.hasAccessToken
        ? 'The provider issued no refresh token, so this token cannot be renewed: Authorize for a new one.'
        : 'There is no refresh token: Authorize to sign in.';
    case 'invalidate':
      return status.hasAccessToken ? null : 'There is no access token to invalidate.';
    case 'revoke':
      return status.hasAccessToken || status.hasRefreshToken
        ? null
        : 'There is no token to revoke.';
    default:
      return null;
  }
}

/** Which actions make sense for a grant: only interactive grants authorize or keep a sign-in session. */
export function actionsFor(summary: CredentialSummary): CredentialAction[] {
  const interactive = isInteractiveGrant(summary.config.grantType);
  // Only a grant that signs in in a browser leaves a browser session to clear.
  const browserSession = usesRedirect(summary.config.grantType);
  return [
    ...(interactive ? (['authorize'] as const) : []),
    'test',
    'refresh',
    'invalidate',
    'revoke',
    ...(browserSession ? (['clearSession'] as const) : []),
    'duplicate',
  ];
}
