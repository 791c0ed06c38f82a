// Reads a response body with a cap on what is kept: the tester shows at most `maxShownBytes`,
// counts bytes up to `maxReadBytes` so the size is honest, and stops reading beyond that.
// Shared by the request tester (services) and the engine's transport (oauth/http.ts), so neither
// depends on the other; it must stay free of both.

export const DEFAULT_MAX_SHOWN_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_READ_BYTES = 64 * 1024 * 1024;

export interface ReadBody {
  text: string;
  truncated: boolean;
  sizeBytes: number;
  /** True when reading stopped at `maxReadBytes`: `sizeBytes` is then a lower bound. */
  stoppedEarly: boolean;
}

export async function readCappedBody(
  response: Response,
  limits: { maxShownBytes: number; maxReadBytes: number },
): Promise<ReadBody> {
  if (!response.body) return { text: '', truncated: false, sizeBytes: 0, stoppedEarly: false };
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let text = '';
  let sizeBytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limits.maxShownBytes - sizeBytes;
    sizeBytes += value.byteLength;
    if (room > 0) {
      // `stream: true` keeps a multi-byte character split across chunks (or at the cap) intact.
      text += decoder.decode(room >= value.byteLength ? value : value.subarray(0, room), {
        stream: true,
      });
    }
    if (sizeBytes > limits.maxShownBytes) truncated = true;
    if (sizeBytes >= limits.maxReadBytes) {
      await reader.cancel().catch(() => undefined);
      return { text, truncated: true, sizeBytes, stoppedEarly: true };
    }
  }
  if (!truncated) text += decoder.decode();
  return { text, truncated, sizeBytes, stoppedEarly: false };
}
