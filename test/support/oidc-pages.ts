// Drives oidc-provider's own pages (dev login, consent, device code entry and confirmation) in a
// Playwright page the way a person would: by placeholders and button names, one page at a time.
// Shared by the engine's integration tests and the browser-mode e2e suite (which drives a popup).
import type { BrowserContext, Page } from '@playwright/test';
import type { OidcTestUser } from './oidc-server';

export type ConsentChoice = 'approve' | 'deny';

type PageKind =
  'login' | 'consent' | 'device_input' | 'device_confirm' | 'device_success' | 'other';

interface PageState {
  kind: PageKind;
  /** Identifies this page instance, so a page that stays put after a submit is not handled twice. */
  key: string;
}

function isLoopbackUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'ws:') return true; // data:, blob:, about:
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return true;
  }
}

/**
 * Aborts every request that would leave the machine (oidc-provider's pages import a web font).
 * Beware: any route turns on request interception, after which Chromium stops reporting
 * custom-scheme redirects (oauthdesk://) as request events. Where those must be caught, launch
 * with `launchTestBrowser()` (browser.ts) instead.
 */
export async function blockNonLoopback(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !isLoopbackUrl(url.href),
    (route) => route.abort('blockedbyclient'),
  );
}

// Runs in the page. A string, because this project's Node typecheck has no DOM types.
const READ_STATE = `(() => {
  if (document.readyState === 'loading') return null;
  const prompt = document.querySelector('form input[name="prompt"]');
  const key = location.href + '|' + (prompt && prompt.form ? prompt.form.action : '');
  if (prompt && prompt.value === 'login') return { kind: 'login', key };
  if (prompt && prompt.value === 'consent') return { kind: 'consent', key };
  if (document.getElementById('op.deviceInputForm')) return { kind: 'device_input', key };
  if (document.getElementById('op.deviceConfirmForm')) return { kind: 'device_confirm', key };
  if (document.title === 'Sign-in Success') return { kind: 'device_success', key };
  return { kind: 'other', key };
})()`;

async function readState(page: Page): Promise<PageState | null> {
  try {
    const state = (await page.evaluate(READ_STATE)) as PageState | null;
    // The device pages share one URL (/device), so the kind is part of what identifies a page.
    return state && { kind: state.kind, key: `${state.kind}|${state.key}` };
  } catch {
    // Navigating: the document went away while we looked. Look again.
    return null;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(page: Page, user: OidcTestUser): Promise<void> {
  await page.getByPlaceholder('Enter any login').fill(user.login);
  await page.getByPlaceholder('and password').fill(user.password);
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

async function answerConsent(page: Page, consent: ConsentChoice): Promise<void> {
  if (consent === 'deny') await page.getByRole('link', { name: '[ Cancel ]' }).click();
  else await page.getByRole('button', { name: 'Continue' }).click();
}

export interface CompleteLoginOptions {
  consent?: ConsentChoice;
  /** Stop as soon as this settles (e.g. the callback was seen, the popup closed). */
  until?: Promise<unknown>;
  timeoutMs?: number;
}

/**
 * Signs `user` in on the provider's login page and answers its consent page. Returns once consent
 * was answered (the provider then redirects to the client), when `until` settles, or when the page
 * closes. Throws when no login or consent page shows up in time.
 */
export async function completeOidcLogin(
  page: Page,
  user: OidcTestUser,
  options: CompleteLoginOptions = {},
): Promise<void> {
  const consent = options.consent ?? 'approve';
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let settled = false;
  options.until?.then(
    () => (settled = true),
    () => (settled = true),
  );
  const handled = new Set<string>();
  while (!settled && !page.isClosed()) {
    if (Date.now() > deadline)
      throw new Error(`No provider login/consent page answered in time (at ${page.url()})`);
    const state = await readState(page);
    if (!state || handled.has(state.key) || (state.kind !== 'login' && state.kind !== 'consent')) {
      await pause(50);
      continue;
    }
    handled.add(state.key);
    if (state.kind === 'login') {
      await signIn(page, user);
    } else {
      await answerConsent(page, consent);
      return;
    }
  }
}

export interface DeviceVerificationOptions {
  /** Opens this first (the prompt's verification URI); otherwise the page must already show it. */
  verificationUri?: string;
  consent?: ConsentChoice;
  timeoutMs?: number;
}

/**
 * RFC 8628 §3.3 as the user does it on a second device: enter the user code, confirm the device,
 * sign in, consent. Resolves when the provider shows its success page (or after denying).
 */
export async function completeDeviceVerification(
  page: Page,
  userCode: string,
  user: OidcTestUser,
  options: DeviceVerificationOptions = {},
): Promise<void> {
  const consent = options.consent ?? 'approve';
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  if (options.verificationUri) await page.goto(options.verificationUri);
  const handled = new Set<string>();
  for (;;) {
    if (Date.now() > deadline)
      throw new Error(`Device verification did not finish in time (at ${page.url()})`);
    const state = await readState(page);
    if (state?.kind === 'device_success') return;
    if (!state || handled.has(state.key) || state.kind === 'other') {
      await pause(50);
      continue;
    }
    handled.add(state.key);
    switch (state.kind) {
      case 'device_input':
        await page.getByPlaceholder('Enter code').fill(userCode);
        await page.getByRole('button', { name: 'Continue' }).click();
        break;
      case 'device_confirm':
        await page.getByRole('button', { name: 'Continue' }).click();
        break;
      case 'login':
        await signIn(page, user);
        break;
      case 'consent':
        await answerConsent(page, consent);
        if (consent === 'deny') return;
        break;
    }
  }
}
