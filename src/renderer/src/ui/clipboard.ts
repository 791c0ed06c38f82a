// Clipboard writes go through one place so that a refused write becomes a message, not a throw.
// In the app the main process copies (Electron's clipboard module; the page's own Clipboard API is
// refused there by the deny-all permission handler). In browser mode the page copies itself.

/** The page's own Clipboard API: browser mode only. */
async function copyInPage(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export async function copyText(text: string): Promise<boolean> {
  const viaMain = await window.api.copyToClipboard({ text });
  if (!viaMain.ok) return false;
  return viaMain.value?.copied ? true : copyInPage(text);
}

export type TokenCopy =
  { ok: true; clearsAfterSeconds: number | null } | { ok: false; message: string };

const REFUSED = 'The clipboard refused the copy: use Reveal and select the text.';

/** Copies a credential's access token; in the app the token never enters this page. */
export async function copyToken(id: string): Promise<TokenCopy> {
  const viaMain = await window.api.copyTokenToClipboard({ id });
  if (!viaMain.ok) return { ok: false, message: viaMain.error.message };
  if (viaMain.value?.copied)
    return { ok: true, clearsAfterSeconds: viaMain.value.clearsAfterSeconds };
  // Browser mode: the page fetches the token and copies it itself.
  const revealed = await window.api.revealToken({ id });
  if (!revealed.ok) return { ok: false, message: revealed.error.message };
  return (await copyInPage(revealed.value.accessToken))
    ? { ok: true, clearsAfterSeconds: null }
    : { ok: false, message: REFUSED };
}

export function tokenCopiedMessage(copy: { clearsAfterSeconds: number | null }): string {
  return copy.clearsAfterSeconds === null
    ? 'Access token copied.'
    : `Access token copied. It leaves the clipboard in ${copy.clearsAfterSeconds} s unless you copy something else.`;
}
