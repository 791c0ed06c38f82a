// Bridge calls go through the same router as Electron IPC (schema check, handler, errors turned
// into Results with nothing but the error's kind logged). The router's sender check has nothing
// left to decide here: the bridge guard (Host, Origin, token) already admitted the caller.
import { invokeContract, type InvokeHandlers, type InvokeName } from '../../shared/ipc-contract';
import type { Result } from '../../shared/errors';
import { createIpcRouter } from '../ipc/ipc-router';
import type { SenderInfo } from '../ipc/sender-check';
import type { Logger } from '../oauth/ports';

export function isInvokeName(name: string): name is InvokeName {
  return Object.prototype.hasOwnProperty.call(invokeContract, name);
}

export type BridgeDispatch = (
  name: InvokeName,
  raw: unknown,
  origin: string,
) => Promise<Result<unknown>>;

export function createBridgeDispatch(handlers: InvokeHandlers, logger?: Logger): BridgeDispatch {
  const router = createIpcRouter(handlers, {
    isTrustedSender: () => true,
    ...(logger ? { logger } : {}),
  });
  return (name, raw, origin) => {
    const call = router[name] as (sender: SenderInfo, raw: unknown) => Promise<Result<unknown>>;
    return call({ frameUrl: origin, isTopFrame: true, fromAppWindow: true }, raw);
  };
}
