// Google refuses OAuth sign-in inside embedded browsers. Its OAuth 2.0 for Mobile & Desktop Apps
// guide lists the error under "Authorization errors": `disallowed_useragent` — "The
// authorization endpoint is displayed inside an embedded user-agent disallowed by Google's OAuth
// 2.0 Policies" (https://developers.google.com/identity/protocols/oauth2/native-app), and the page
// the user sees reads "Error 403: disallowed_useragent". Waiting on that page only ends in a
// timeout, so the window authorizer asks these questions on every page it shows and stops at once.
import { AppError } from '../../shared/errors';

const GOOGLE_ACCOUNTS_HOST = 'accounts.google.com';
const ERROR_CODE = 'disallowed_useragent';

function googleAccountsUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname === GOOGLE_ACCOUNTS_HOST ? url : null;
  } catch {
    return null;
  }
}

/** Google's error pages carry the error in an opaque base64url `authError` parameter. */
function decodedParameter(value: string): string {
  try {
    return atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return '';
  }
}

/** True when a page of Google's sign-in names the refusal in its address. */
export function googleRefusalInUrl(value: string): boolean {
  const url = googleAccountsUrl(value);
  if (!url) return false;
  // "Couldn't sign you in: this browser or app may not be secure" (Google Account Help, answer
  // 7675428), the same refusal for Google's own sign-in, is served from .../signin/rejected.
  if (/^\/(v\d+\/)?signin\/rejected\/?$/.test(url.pathname)) return true;
  for (const [name, parameter] of url.searchParams) {
    if (parameter.includes(ERROR_CODE) || name === ERROR_CODE) return true;
    if (name === 'authError' && decodedParameter(parameter).includes(ERROR_CODE)) return true;
  }
  return false;
}

/**
 * True when the page's text must be read to know: an error status from Google's sign-in (the
 * "Error 403: disallowed_useragent" page is served at the authorization URL itself).
 */
export function mayBeGoogleRefusalPage(value: string, httpStatus: number | undefined): boolean {
  return googleAccountsUrl(value) !== null && httpStatus !== undefined && httpStatus >= 400;
}

/** The page text of such an error page names the error code. */
export function googleRefusalInText(text: unknown): boolean {
  return typeof text === 'string' && text.includes(ERROR_CODE);
}

export function embeddedWindowRefusedError(): AppError {
  return new AppError({
    code: 'provider_error',
    message:
      'Google refuses to sign in inside an embedded window (disallowed_useragent). Edit this credential, set "Open sign-in in" to System browser, then click Authorize again.',
    provider: { error: ERROR_CODE },
  });
}
