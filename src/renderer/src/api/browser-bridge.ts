// `window.api` in browser mode: the very object the preload builds (`buildRendererApi`, derived
// from the IPC contract), over the local bridge of `npm run browser` instead of Electron IPC.
// Named functions only: no generic invoke is exposed to the page.
import { buildRendererApi, type ApiTransport } from '../../../shared/renderer-api';
import type { InvokeName, RendererApi } from '../../../shared/ipc-contract';
import type { Result } from '../../../shared/errors';
import type { GrantType } from '../../../shared/credential';
import type { CredentialSummary } from '../../../shared/status';
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

  // Which grant each credential uses, from everything the server sends: device code needs no popup.
  const grants = new Map<string, GrantType>();
  const remember = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(remember);
    if (!value || typeof value !== 'object') return;
    const record = value as { config?: { id?: unknown; grantType?: unknown }; summary?: unknown };
    if (
      record.config &&
      typeof record.config.id === 'string' &&
      typeof record.config.grantType === 'string'
    ) {
      grants.set(record.config.id, record.config.grantType as GrantType);
    }
    if (record.summary) remember(record.summary);
  };

  const popups = createPopupAuthorizer({
    win,
    authorize: (request) =>
      transport.invoke('authorizeCredential', request) as Promise<Result<CredentialSummary>>,
    cancel: (request) => transport.invoke('cancelAuthorization', request),
  });
  transport.tap((name, payload) => {
    if (name === 'credentialChanged') remember(payload);
    if (name === 'authorizationUrl')
      popups.onAuthorizationUrl(payload as { credentialId: string; url: string });
    if (name === 'deviceCode') popups.onDeviceCode(payload as { credentialId: string });
  });

  // Authorizing goes through the popup. `buildRendererApi` calls `invoke` synchronously inside the
  // page's call, and `popups.authorize` opens the window before its first await, so the popup
  // still opens within the click's user gesture.
  const send = (name: InvokeName, payload: unknown): Promise<Result<unknown>> =>
    name === 'authorizeCredential' && isByIdRequest(payload)
      ? popups.authorize(payload, { needsPopup: grants.get(payload.id) !== 'device_code' })
      : transport.invoke(name, payload);

  // The bridge server speaks contract names (/api/<name>): the IPC channel is not needed here.
  const api = buildRendererApi({
    invoke: async (_channel, payload, name) => {
      const result = await send(name, payload);
      if (result.ok) remember(result.value);
      return result;
    },
    on: (_channel, listener, name) => transport.on(name, listener),
  });
  await transport.ready;
  return api;
}

/** Anything else is sent as is: the server's schema answers with a validation error. */
function isByIdRequest(payload: unknown): payload is { id: string } {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { id?: unknown }).id === 'string'
  );
}

/** Without a token every call explains how to get one, instead of failing with a bare 401. */
function disconnectedApi(): RendererApi {
  const transport: ApiTransport = { invoke: async () => NO_TOKEN, on: () => () => undefined };
  return buildRendererApi(transport);
}
