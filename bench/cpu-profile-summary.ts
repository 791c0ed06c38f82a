// Reads a V8 .cpuprofile (`node --cpu-prof`, or node:inspector's Profiler) and sums sampled time:
// self time per script, and inclusive time of the frames whose function name matches. Used by
// bench/broker-profile.ts to say where the broker's time goes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const readProfile = (path: string): CpuProfile =>
  JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;

/** Short names: node_modules/<package>, src/<path>, node:<module>, or V8's (idle), (program), (gc). */
function scriptOf(node: ProfileNode): string {
  const url = node.callFrame.url;
  if (!url)
    return `(${node.callFrame.functionName || 'native'})`.replace('((', '(').replace('))', ')');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/(src\/.*)$/.exec(url);
  return src ? src[1]! : url.replace(/^file:\/\//, '');
}

export interface ProfileSummary {
  /** Wall time the profile spans, ms. */
  spanMs: number;
  /** Sampled time per script, ms, largest first. */
  selfByScript: Array<[string, number]>;
  /** Inclusive time of frames named in `frames`, ms (a frame counted once per sample). */
  inclusive: Record<string, number>;
}

export function summarise(profile: CpuProfile, frames: string[] = []): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive: Record<string, number> = Object.fromEntries(frames.map((f) => [f, 0]));
  profile.samples.forEach((sample, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(sample)!;
    const script = scriptOf(node);
    self.set(script, (self.get(script) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (name in inclusive && !seen.has(name)) {
        seen.add(name);
        inclusive[name]! += us;
      }
    }
  });
  const ms = (us: number) => us / 1000;
  return {
    spanMs: ms(profile.endTime - profile.startTime),
    selfByScript: [...self]
      .map(([k, v]): [string, number] => [k, ms(v)])
      .sort((a, b) => b[1] - a[1]),
    inclusive: Object.fromEntries(Object.entries(inclusive).map(([k, v]) => [k, ms(v)])),
  };
}
