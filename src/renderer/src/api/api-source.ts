// Where `window.api` comes from. In the app the preload provides it; in browser mode (a page served
// over http by the local bridge) the bridge does. A page from app:// without it means the preload
// failed: that is said as such, instead of trying a bridge that cannot exist there.
export type ApiSource = 'preload' | 'bridge' | 'preload-missing';

export function apiSource(hasPreloadApi: boolean, pageProtocol: string): ApiSource {
  if (hasPreloadApi) return 'preload';
  return pageProtocol === 'http:' || pageProtocol === 'https:' ? 'bridge' : 'preload-missing';
}

export const PRELOAD_MISSING_MESSAGE =
  'OAuth Desk could not load its preload script, so this window cannot reach the app. Rebuild with `npm run build` ' +
  '(or reinstall the app), then start it again.';
