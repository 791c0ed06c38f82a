// The setup every browser-mode spec shares: its own servers and data folder (startDesk), one
// browser context whose bridge traffic is recorded for the leak check, and one page on the app.
// Registers the spec's hooks; the returned session is filled in before the first test runs.
import { test, type BrowserContext, type Page } from '@playwright/test';
import { recordBridgeTraffic, type BridgeTraffic } from './bridge-traffic';
import { startDesk, type Desk } from './desk';
import type { OidcServerOptions } from '../../support/oidc-server';
import { openDesk } from './flows';

export interface DeskSession {
  readonly desk: Desk;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly traffic: BridgeTraffic;
}

export function useDeskSession(
  options: {
    clipboard?: boolean;
    provider?: OidcServerOptions;
    /** A second authorization server and API (desk.second), as another environment's. */
    secondProvider?: boolean;
  } = {},
): DeskSession {
  let started: DeskSession | undefined;
  const current = (): DeskSession => {
    if (!started) throw new Error('The desk session is used before its beforeAll hook ran.');
    return started;
  };

  // One page walks through the whole story: the tests of a spec run in order.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async ({ browser }) => {
    const desk = await startDesk(options.provider, { second: options.secondProvider ?? false });
    const context = await browser.newContext(
      options.clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {},
    );
    const traffic = recordBridgeTraffic(context, desk.mode.origin, desk.mode.token);
    const page = await context.newPage();
    started = { desk, context, page, traffic };
    await openDesk(page, desk.mode.url);
  });

  test.afterAll(async () => {
    started?.traffic.stop();
    await started?.context.close();
    await started?.desk.close();
  });

  return {
    get desk() {
      return current().desk;
    },
    get context() {
      return current().context;
    },
    get page() {
      return current().page;
    },
    get traffic() {
      return current().traffic;
    },
  };
}
