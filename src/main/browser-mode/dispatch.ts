// One bridge call: validate the payload with the channel's schema, run the handler, and answer
// with a Result, as the Electron IPC router does. Unknown failures become `internal` with a
// generic message (their text might hold anything); the redacted detail goes to the log only.
import { toErrorInfo, type Result } from '../../shared/errors';
import { invokeContract, parseRequest, type InvokeHandlers, type InvokeName } from '../../shared/ipc-contract';
import type { Logger } from '../oauth/ports';

export function isInvokeName(name: string): name is InvokeName {
  return Object.prototype.hasOwnProperty.call(invokeContract, name);
}

export async function dispatch(handlers: InvokeHandlers, name: InvokeName, raw: unknown, logger?: Logger): Promise<Result<unknown>> {
  const parsed = parseRequest(name, raw);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.value) };
  } catch (error) {
    const info = toErrorInfo(error);
    if (info.code === 'internal') logger?.error(`Bridge call ${name} failed`, { error });
    return { ok: false, error: info };
  }
}
