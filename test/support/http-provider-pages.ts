// Walks oidc-provider's own pages (dev login and consent, device code entry and confirmation) with
// HTTP requests instead of a browser, for a provider on HTTPS with a test CA that a browser would
// need installed. It follows redirects by hand, keeps the provider's cookies and submits the form
// each page shows, as a person would: the login as the given user, consent, the user code, the
// device confirmation. The login authorizer (http-login-authorizer.ts) and the device approver
// (http-device-approver.ts) are both this walk with a different end.
import type { Agent } from 'undici';
import { fetch as undiciFetch } from 'undici';

const MAX_STEPS = 16;

export interface ProviderPageWalk {
  /** Closes its connections; reuses one Agent trusting the provider's CA. */
  dispatcher: Agent;
  start: string;
  /** The account the dev login page is given (its password is not checked). */
  login: string;
  /** The user code typed on the device input page (RFC 8628 §3.3). */
  userCode?: string;
  /** Whether the walk is over at this URL before it is requested (a redirect URI). */
  endsAt?: (url: string) => boolean;
  /** Whether the walk is over at this page (the device success page). */
  endsWith?: (page: string) => boolean;
}

/** The form a page shows, filled as the user would fill it; null for a page with none we know. */
function filledForm(page: string, walk: ProviderPageWalk): URLSearchParams | null {
  const hidden = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, '&');
  const prompt = /name="prompt" value="(login|consent)"/.exec(page)?.[1];
  if (prompt === 'login')
    return new URLSearchParams({ prompt, login: walk.login, password: 'any' });
  if (prompt === 'consent') return new URLSearchParams({ prompt });
  if (page.includes('id="op.deviceInputForm"')) {
    if (!walk.userCode) throw new Error('The provider asked for a user code, and none was given');
    return new URLSearchParams({ xsrf: hidden('xsrf') ?? '', user_code: walk.userCode });
  }
  if (page.includes('id="op.deviceConfirmForm"'))
    return new URLSearchParams({
      xsrf: hidden('xsrf') ?? '',
      user_code: hidden('user_code') ?? '',
      confirm: 'yes',
    });
  return null;
}

/** Resolves with the URL the walk ended at (the redirect URI, or the last page's URL). */
export async function walkProviderPages(walk: ProviderPageWalk): Promise<string> {
  const cookies = new Map<string, string>();
  let url = walk.start;
  let form: URLSearchParams | null = null;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    if (walk.endsAt?.(url)) return url;
    const response = await undiciFetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      dispatcher: walk.dispatcher,
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    form = null;
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url).href;
      continue;
    }
    const page = await response.text();
    if (walk.endsWith?.(page)) return url;
    form = filledForm(page, walk);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!form || !action)
      throw new Error(`No page the walk knows at step ${step} (HTTP ${response.status}, ${url})`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
  }
  throw new Error(`The walk through the provider's pages did not end in ${MAX_STEPS} steps`);
}
