// Which flows the timeline shows: newest first, narrowed by credential, kind and outcome.
import type { TimelineFlow } from '../../../../shared/timeline';
import type { TimelineFilter } from './timeline-slice';

export function filterFlows(
  flows: Record<string, TimelineFlow>,
  filter: TimelineFilter,
): TimelineFlow[] {
  return Object.values(flows)
    .filter((f) => filter.credentialId === 'all' || f.credentialId === filter.credentialId)
    .filter((f) => filter.kind === 'all' || f.kind === filter.kind)
    .filter((f) => filter.outcome === 'all' || f.outcome === filter.outcome)
    .sort((a, b) => b.startedAt - a.startedAt);
}

export const FLOW_KIND_LABELS: Record<TimelineFlow['kind'], string> = {
  sign_in: 'Sign-in',
  token: 'New token',
  refresh: 'Refresh',
  test: 'Test',
  revoke: 'Revoke',
  discovery: 'Discovery',
  api_call: 'API call',
  cached: 'Cached token',
};

/** The time from the flow's start to the end of its last step (or the flow's own end). */
export function flowSpanMs(flow: TimelineFlow): number {
  const ends = flow.steps.map((s) => s.startedAt + (s.durationMs ?? 0) - flow.startedAt);
  const own = flow.endedAt === null ? 0 : flow.endedAt - flow.startedAt;
  return Math.max(1, own, ...ends);
}

export function formatMs(ms: number | null): string {
  if (ms === null) return 'running';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
