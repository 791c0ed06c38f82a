// Chromium for the OAuth tests, kept on loopback. Host resolution is mapped away at launch rather
// than with request routing: once any route is installed, Chromium no longer reports a
// custom-scheme redirect (oauthdesk://callback) as a request event, and that event is the only
// place a test can see it.
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

/** Every host name except loopback fails to resolve, without a DNS query leaving the machine. */
export const LOOPBACK_ONLY_ARG =
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

export function loopbackOnlyLaunchOptions(): LaunchOptions {
  const base = chromiumLaunchOptions();
  return { ...base, args: [...(base.args ?? []), LOOPBACK_ONLY_ARG] };
}

/**
 * Playwright starts Chromium with `--disable-popup-blocking`; `popupBlocker: true` leaves that
 * switch out, so that a window.open outside a user activation is blocked as in a user's browser.
 */
export function launchTestBrowser(options: { popupBlocker?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    ...loopbackOnlyLaunchOptions(),
    ...(options.popupBlocker ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
  });
}
