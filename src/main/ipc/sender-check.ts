// Who may call the main process: only our own top-level frame, showing our own page, in our own
// window. Embedded provider pages, iframes and anything that navigated elsewhere are refused.

/** What the main process knows about the frame behind an IPC call. */
export interface SenderInfo {
  /** URL of the calling frame; null when the frame is gone. */
  frameUrl: string | null;
  /** True for the top-level frame of its page (no parent). */
  isTopFrame: boolean;
  /** True when the call came from the app's main window (not an auth window, not a stray one). */
  fromAppWindow: boolean;
}

export type TrustedSenderCheck = (sender: SenderInfo) => boolean;

export interface AppLocation {
  /** In development, the renderer's dev server, e.g. http://localhost:5173. */
  devServerUrl?: string;
  /** In a build, the privileged scheme the renderer is served from, e.g. app://oauth-desk. */
  appOrigin?: string;
}

/**
 * Is this URL our renderer? Origins are compared: scheme, host and port. Never file paths, which
 * Chromium and Node encode differently (`~ [ ] %`); no file:// page is ever trusted.
 */
export function createAppUrlCheck(location: AppLocation): (url: string) => boolean {
  const dev = location.devServerUrl ? safeUrl(location.devServerUrl) : null;
  const app = location.appOrigin ? safeUrl(location.appOrigin) : null;
  return (value) => {
    const url = safeUrl(value);
    if (!url) return false;
    if (dev && (url.protocol === 'http:' || url.protocol === 'https:'))
      return url.origin === dev.origin;
    // Node's URL gives custom schemes the opaque origin "null": compare their parts instead.
    if (app && url.protocol === app.protocol)
      return url.host === app.host && url.username === '' && url.password === '';
    return false;
  };
}

export function createTrustedSenderCheck(isAppUrl: (url: string) => boolean): TrustedSenderCheck {
  return (sender) =>
    sender.fromAppWindow &&
    sender.isTopFrame &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl);
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
