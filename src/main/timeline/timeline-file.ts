// The timeline on disk, only when the user turns "Keep across restarts" on. What is written is
// the masked flows with every Reveal reference stripped: the file holds no secret, only what the
// screen shows. With the setting off, the file keeps the setting alone.
import { join } from 'node:path';
import type { TimelineFlow } from '../../shared/timeline';
import {
  PRIVATE_FILE_MODE,
  readJsonFile,
  removeStaleTempFiles,
  writeJsonFileAtomic,
} from '../vault/atomic-file';
import { stripRefs } from './recorder';

export const TIMELINE_FILE = 'timeline.json';
const FORMAT_VERSION = 1;

export interface TimelineFileContent {
  persist: boolean;
  flows: TimelineFlow[];
}

function accept(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.version === FORMAT_VERSION && typeof v.persist === 'boolean' && Array.isArray(v.flows);
}

export function readTimelineFile(dataDir: string): {
  content: TimelineFileContent;
  warning: string | null;
} {
  const path = join(dataDir, TIMELINE_FILE);
  removeStaleTempFiles(path);
  const read = readJsonFile(path, { describe: 'timeline file', accept });
  if (read.kind === 'ok') {
    const value = read.value as TimelineFileContent;
    return {
      content: { persist: value.persist, flows: value.persist ? value.flows.filter(isFlow) : [] },
      warning: null,
    };
  }
  return {
    content: { persist: false, flows: [] },
    warning: read.kind === 'quarantined' ? read.warning : null,
  };
}

export function writeTimelineFile(dataDir: string, content: TimelineFileContent): void {
  const flows = content.persist
    ? content.flows.filter((f) => f.outcome !== 'running').map(stripRefs)
    : [];
  writeJsonFileAtomic(
    join(dataDir, TIMELINE_FILE),
    { version: FORMAT_VERSION, persist: content.persist, flows },
    { mode: PRIVATE_FILE_MODE },
  );
}

function isFlow(value: unknown): value is TimelineFlow {
  if (value === null || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.id === 'string' &&
    typeof f.title === 'string' &&
    typeof f.startedAt === 'number' &&
    Array.isArray(f.steps)
  );
}
