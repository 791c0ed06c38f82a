// `window.api` in browser mode: the same named functions as the preload, derived from the IPC
// contract the same way, over the local bridge of `npm run browser` instead of Electron IPC.
// Named functions only: no generic invoke is exposed to the page.
import { eventNames, invokeNames, listenerName, type RendererApi } from '../../../shared/ipc-contract';
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

export async function createBrowserBridgeApi(options: BrowserBridgeOptions = {}): Promise<RendererApi> {
  const win = options.win ?? window;
  const token = takeBridgeToken(win);
  if (!token) return disconnectedApi();
  const transport = createBridgeTransport({ baseUrl: options.baseUrl ?? win.location.origin, token });

  // Which grant each credential uses, from everything the server sends: device code needs no popup.
  const grants = new Map<string, GrantType>();
  const remember = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(remember);
    if (!value || typeof value !== 'object') return;
    const record = value as { config?: { id?: unknown; grantType?: unknown }; summary?: unknown };
    if (record.config && typeof record.config.id === 'string' && typeof record.config.grantType === 'string') {
      grants.set(record.config.id, record.config.grantType as GrantType);
    }
    if (record.summary) remember(record.summary);
  };

  const popups = createPopupAuthorizer({
    win,
    authorize: (request) => transport.invoke('authorizeCredential', request) as Promise<Result<CredentialSummary>>,
    cancel: (request) => transport.invoke('cancelAuthorization', request),
  });
  transport.tap((name, payload) => {
    if (name === 'credentialChanged') remember(payload);
    if (name === 'authorizationUrl') popups.onAuthorizationUrl(payload as { credentialId: string; url: string });
    if (name === 'deviceCode') popups.onDeviceCode(payload as { credentialId: string });
  });

  const api: Record<string, unknown> = {};
  for (const name of invokeNames) {
    // Only the one argument the contract defines is sent.
    api[name] = named(name, async (request?: unknown) => {
      const result = await transport.invoke(name, request);
      if (result.ok) remember(result.value);
      return result;
    });
  }
  for (const name of eventNames) {
    const key = listenerName(name);
    api[key] = named(key, (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${key} needs a listener function`);
      return transport.on(name, (payload) => listener(payload));
    });
  }
  api.authorizeCredential = named('authorizeCredential', (request: { id: string }) =>
    popups.authorize(request, { needsPopup: grants.get(request.id) !== 'device_code' }).then((result) => {
      if (result.ok) remember(result.value);
      return result;
    }),
  );
  await transport.ready;
  return Object.freeze(api) as RendererApi;
}

/** Without a token every call explains how to get one, instead of failing with a bare 401. */
function disconnectedApi(): RendererApi {
  const api: Record<string, unknown> = {};
  for (const name of invokeNames) api[name] = async () => NO_TOKEN;
  for (const name of eventNames) api[listenerName(name)] = () => () => undefined;
  return Object.freeze(api) as RendererApi;
}

/** Gives a function a readable name (DevTools, stack traces) without any dynamic code. */
function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
