// Which flow the code running now belongs to. The engine, its grants and the request runner know
// nothing of the timeline: the flow travels with the async call chain (AsyncLocalStorage), so the
// fetch port and the authorizer can record into it without a parameter threaded through each grant.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FlowHandle } from './recorder';

export interface FlowScope {
  flow: FlowHandle;
  /**
   * Why a token is being fetched: `auto` is a lookup that found the cached token stale (a refresh
   * then means "expired or inside the margin"), `forced` a refresh the user or a 401 asked for,
   * `none` no token lookup (in an API call flow: the tester's own request).
   */
  tokenReason: 'auto' | 'forced' | 'none';
}

const storage = new AsyncLocalStorage<FlowScope>();

export function currentFlow(): FlowScope | undefined {
  return storage.getStore();
}

export function runInFlow<T>(scope: FlowScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}
