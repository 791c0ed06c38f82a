// Small pure formatters shared by the views.

/** "04:07" for 247 s; "1:02:03" past an hour; "00:00" once the time has passed. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.floor(msLeft / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** An epoch-milliseconds instant in the user's local time, e.g. "23/11/2026, 14:05:09". */
export function formatLocalTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString();
}

/** JWT `exp`/`iat`/`nbf` are seconds since the epoch (RFC 7519 §2 NumericDate). */
export function formatNumericDate(seconds: number): string {
  return formatLocalTime(seconds * 1000);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
