// One guarded entry point per contract channel. Every call: sender check, payload parsed with the
// channel's zod schema, handler run, any failure turned into an error value. Nothing here throws
// across IPC, and nothing imports electron (src/main/electron/ipc.ts binds it to ipcMain).
import { AppError, toErrorInfo, type Result } from '../../shared/errors';
import {
  invokeContract,
  invokeNames,
  parseRequest,
  type InvokeHandlers,
  type InvokeName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/ipc-contract';
import type { Logger } from '../oauth/ports';
import { redactDeep, redactErrorsDeep } from '../common/redact';
import type { SenderInfo, TrustedSenderCheck } from './sender-check';

export type RoutedCall<K extends InvokeName> = (
  sender: SenderInfo,
  raw: unknown,
) => Promise<Result<ResponseOf<K>>>;

export type IpcRouter = { [K in InvokeName]: RoutedCall<K> };

export interface IpcRouterOptions {
  isTrustedSender: TrustedSenderCheck;
  logger?: Logger;
}

export const FORBIDDEN_MESSAGE =
  'This request did not come from the OAuth Desk window, so it was refused. Reload the app window and try again.';

/** Contract channel -> name, for the registration code (ipcMain.handle takes channels). */
export const routeEntries = (router: IpcRouter) =>
  invokeNames.map((name) => ({
    name,
    channel: invokeContract[name].channel,
    call: router[name] as RoutedCall<InvokeName>,
  }));

export function createIpcRouter(handlers: InvokeHandlers, options: IpcRouterOptions): IpcRouter {
  const route = <K extends InvokeName>(name: K): RoutedCall<K> => {
    const handler = handlers[name] as (request: ParsedRequestOf<K>) => Promise<ResponseOf<K>>;
    return async (sender, raw) => {
      if (!options.isTrustedSender(sender)) {
        // The URL is reduced to its origin: a frame URL may carry anything in its query.
        options.logger?.warn('Refused an IPC call from an untrusted frame', {
          channel: invokeContract[name].channel,
          origin: originOf(sender.frameUrl),
          isTopFrame: sender.isTopFrame,
          fromAppWindow: sender.fromAppWindow,
        });
        return {
          ok: false,
          error: new AppError({ code: 'forbidden', message: FORBIDDEN_MESSAGE }).toInfo(),
        };
      }
      const parsed = parseRequest(name, raw);
      if (!parsed.ok) return parsed;
      try {
        // Errors inside a response (a credential's last error) are masked on the way out, by value and by name.
        return { ok: true, value: redactErrorsDeep(await handler(parsed.value)) };
      } catch (error) {
        if (!(error instanceof AppError)) {
          // Only the error's kind is logged: its text may hold a URL with a code or a header.
          options.logger?.error('IPC handler failed', {
            channel: invokeContract[name].channel,
            name: (error as Error)?.name,
          });
        }
        return { ok: false, error: redactDeep(toErrorInfo(error)) };
      }
    };
  };
  const router = {} as Record<InvokeName, unknown>;
  for (const name of invokeNames) router[name] = route(name);
  return router as IpcRouter;
}

function originOf(url: string | null): string {
  if (url === null) return '(gone)';
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'file://' : parsed.origin;
  } catch {
    return '(invalid)';
  }
}
