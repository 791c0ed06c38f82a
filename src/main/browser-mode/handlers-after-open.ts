// The bridge's handlers while the data folder is still opening (browser mode listens first, so
// that the page loads while the records are read): every call waits for the open and is then
// answered by the real handler, so no request is ever served against a half-open store. When
// the open fails, every call is answered with that failure, which the page shows.
import { AppError } from '../../shared/errors';
import { invokeNames, type InvokeHandlers } from '../../shared/ipc-contract';

type AnyHandler = (request: unknown) => Promise<unknown>;

/** What a call is answered with when the open failed: the reason, and where. */
export function openFailed(dataDir: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError({
    code: 'storage_failed',
    message:
      `OAuth Desk could not open its data folder ${dataDir}: ${reason} ` +
      'Fix that, then stop browser mode (Ctrl+C) and start it again.',
  });
}

export function handlersAfterOpen(
  opened: Promise<InvokeHandlers>,
  failure: (error: unknown) => AppError,
): InvokeHandlers {
  const waiting: Record<string, AnyHandler> = {};
  for (const name of invokeNames) {
    waiting[name] = async (request) => {
      let handlers: InvokeHandlers;
      try {
        handlers = await opened;
      } catch (error) {
        throw failure(error);
      }
      return (handlers[name] as AnyHandler)(request);
    };
  }
  return waiting as InvokeHandlers;
}
