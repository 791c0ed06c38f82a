// A component in its own chunk: rendered through React.lazy (a Suspense fallback shows while it
// loads), and fetched in the background once the first screen has painted, so opening a tab or
// the form rarely waits for the network or disk.
import { lazy, type ComponentType } from 'react';

const pending: Array<() => Promise<unknown>> = [];
let scheduled = false;

function prefetchWhenIdle(): void {
  if (scheduled) return;
  scheduled = true;
  const run = () => {
    for (const load of pending.splice(0)) void load().catch(() => {});
  };
  // Not in every engine (Safari lacks it); a timeout does the same job there.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 500);
}

export function loadLater<P extends object>(load: () => Promise<ComponentType<P>>) {
  // One promise for both the prefetch and the render: the module is fetched once.
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const once = () => (loading ??= load().then((component) => ({ default: component })));
  pending.push(once);
  prefetchWhenIdle();
  return lazy(once);
}
