// Browser mode listens before its data folder is open: every bridge call waits for the open, and a
// failed open answers every call with its reason (handlers-after-open.ts).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { invokeNames, type InvokeHandlers } from '../../../../src/shared/ipc-contract';
import {
  handlersAfterOpen,
  openFailed,
} from '../../../../src/main/browser-mode/handlers-after-open';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('bridge handlers while the data folder opens', () => {
  it('has a waiting handler for every channel of the contract', () => {
    const waiting = handlersAfterOpen(new Promise(() => {}), (error) => openFailed('/d', error));
    expect(Object.keys(waiting).sort()).toEqual([...invokeNames].sort());
  });

  it('runs the real handler only once the open is done, with the request as sent', async () => {
    const open = deferred<InvokeHandlers>();
    let isOpen = false;
    const seen: Array<{ request: unknown; isOpen: boolean }> = [];
    const real = {
      listCredentialPage: async (request: unknown) => {
        seen.push({ request, isOpen });
        return { items: [], total: 0 };
      },
    } as unknown as InvokeHandlers;
    const waiting = handlersAfterOpen(open.promise, (error) => openFailed('/d', error));
    const answer = waiting.listCredentialPage({ offset: 0, limit: 100 });
    // Calls made before the open finished have all reached the waiting handler by now.
    await Promise.resolve();
    expect(seen).toEqual([]);
    isOpen = true;
    open.resolve(real);
    await expect(answer).resolves.toEqual({ items: [], total: 0 });
    expect(seen).toEqual([{ request: { offset: 0, limit: 100 }, isOpen: true }]);
  });

  it('answers every call with the reason when the open failed, and never calls a handler', async () => {
    const open = deferred<InvokeHandlers>();
    const waiting = handlersAfterOpen(open.promise, (error) =>
      openFailed('/home/u/.oauth-desk', error),
    );
    const calls = [
      waiting.getAppInfo(undefined),
      waiting.listCredentialPage({ offset: 0, limit: 100 }),
    ];
    open.reject(
      new AppError({ code: 'storage_failed', message: 'EACCES: permission denied (credentials).' }),
    );
    for (const call of calls) {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'storage_failed',
        message: expect.stringContaining(
          'could not open its data folder /home/u/.oauth-desk: EACCES: permission denied (credentials).',
        ),
      });
    }
  });
});
