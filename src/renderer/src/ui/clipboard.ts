// Clipboard writes go through one place so that a refused write becomes a message, not a throw.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
