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
  /** In a build, the renderer's index.html as a file:// URL. */
  indexFileUrl?: string;
}

/**
 * Is this URL our renderer? http(s) compares origins. file:// URLs all share the opaque origin
 * "null", so for them the exact file is compared instead.
 */
export function createAppUrlCheck(location: AppLocation): (url: string) => boolean {
  const dev = location.devServerUrl ? safeUrl(location.devServerUrl) : null;
  const file = location.indexFileUrl ? safeUrl(location.indexFileUrl) : null;
  return (value) => {
    const url = safeUrl(value);
    if (!url) return false;
    if (dev && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin === dev.origin;
    if (file && url.protocol === 'file:') return url.host === file.host && url.pathname === file.pathname;
    return false;
  };
}

export function createTrustedSenderCheck(isAppUrl: (url: string) => boolean): TrustedSenderCheck {
  return (sender) => sender.fromAppWindow && sender.isTopFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
