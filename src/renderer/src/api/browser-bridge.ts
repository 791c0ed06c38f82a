// `window.api` in browser mode: the very object the preload builds (`buildRendererApi`, derived
// from the IPC contract), over the local bridge of `npm run browser` instead of Electron IPC.
// Named functions only: no generic invoke is exposed to the page.
import { buildRendererApi, type ApiTransport } from '../../../shared/renderer-api';
import type { RendererApi } from '../../../shared/ipc-contract';
import type { Result } from '../../../shared/errors';
import type { AuthorizationPlan, CredentialSummary } from '../../../shared/status';
import { createPopupAuthorizer } from './authorize-popup';
import { takeBridgeToken } from './bridge-token';
import { createBridgeTransport, NO_TOKEN } from './bridge-transport';

export interface BrowserBridgeOptions {
  win?: Window;
  /** Defaults to the page's own origin, the only one the server accepts. */
  baseUrl?: string;
}

export async function createBrowserBridgeApi(
  options: BrowserBridgeOptions = {},
): Promise<RendererApi> {
  const win = options.win ?? window;
  const token = takeBridgeToken(win);
  if (!token) return disconnectedApi();
  const transport = createBridgeTransport({
    baseUrl: options.baseUrl ?? win.location.origin,
    token,
  });

  const popups = createPopupAuthorizer({
    win,
    authorize: (request) =>
      transport.invoke('authorizeCredential', request) as Promise<Result<CredentialSummary>>,
    cancel: (request) => transport.invoke('cancelAuthorization', request),
  });
  // Add account signs in through a popup too, announced under the same credential id.
  const accountPopups = createPopupAuthorizer({
    win,
    authorize: (request) =>
      transport.invoke('addAccount', request) as Promise<Result<CredentialSummary>>,
    cancel: (request) => transport.invoke('cancelAuthorization', request),
  });
  transport.on('authorizationUrl', (payload) => {
    popups.onAuthorizationUrl(payload as { credentialId: string; url: string });
    accountPopups.onAuthorizationUrl(payload as { credentialId: string; url: string });
  });

  // Authorize asks main first whether the sign-in opens the provider's page (planAuthorization),
  // then opens the popup at once. That is still inside the click's user activation: HTML keeps a
  // click's transient activation for a while after it (html.spec.whatwg.org, "transient
  // activation duration"), Chromium for 5 s, long enough "to allow network round trips"
  // (third_party/blink/common/frame/user_activation_state.cc), and the plan is one local read.
  // test/integration/browser-mode/browser-mode.test.ts runs it with Chromium's popup blocker on.
  const authorize = async (payload: unknown): Promise<Result<unknown>> => {
    const plan = (await transport.invoke(
      'planAuthorization',
      payload,
    )) as Result<AuthorizationPlan>;
    if (!plan.ok) return plan;
    return popups.authorize(payload as { id: string }, { needsPopup: plan.value.signInPage });
  };
  const addAccount = async (payload: unknown): Promise<Result<unknown>> => {
    const plan = (await transport.invoke(
      'planAuthorization',
      payload,
    )) as Result<AuthorizationPlan>;
    if (!plan.ok) return plan;
    return accountPopups.authorize(payload as { id: string }, {
      needsPopup: plan.value.signInPage,
    });
  };

  // The bridge server speaks contract names (/api/<name>): the IPC channel is not needed here.
  const api = buildRendererApi({
    invoke: (_channel, payload, name) =>
      name === 'authorizeCredential'
        ? authorize(payload)
        : name === 'addAccount'
          ? addAccount(payload)
          : transport.invoke(name, payload),
    on: (_channel, listener, name) => transport.on(name, listener),
  });
  await transport.ready;
  return api;
}

/** Without a token every call explains how to get one, instead of failing with a bare 401. */
function disconnectedApi(): RendererApi {
  const transport: ApiTransport = { invoke: async () => NO_TOKEN, on: () => () => undefined };
  return buildRendererApi(transport);
}
