// The app's active environment: one name ("QA", "Production") that every credential's list row,
// detail and tester request follow (a credential without an environment of that name uses its
// first). Kept in `<dataDir>/active-environment.json` by the durable writer; memory changes only
// after the write succeeded, and a file that cannot be read counts as none chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../vault/atomic-file';

export const ACTIVE_ENVIRONMENT_FILE = 'active-environment.json';

const activeEnvironmentNameSchema = z.string().trim().min(1).max(40).nullable();

/** The two channels over the store; `set` returns once the choice is on disk. */
export function createActiveEnvironmentHandlers(store: ActiveEnvironmentStore) {
  return {
    getActiveEnvironment: async () => ({ name: store.get() }),
    setActiveEnvironment: async ({ name }: { name: string | null }) => ({ name: store.set(name) }),
  };
}

export interface ActiveEnvironmentStore {
  get(): string | null;
  set(name: string | null): string | null;
}

export function openActiveEnvironment(dataDir: string): ActiveEnvironmentStore {
  const path = join(dataDir, ACTIVE_ENVIRONMENT_FILE);
  let current: string | null = null;
  try {
    const parsed = activeEnvironmentNameSchema.safeParse(
      (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name,
    );
    if (parsed.success) current = parsed.data;
  } catch {
    // None chosen yet, or unreadable: each credential uses its first environment.
  }
  return {
    get: () => current,
    set(name) {
      writeFileAtomic(path, JSON.stringify({ name }), { mode: 0o600 });
      current = name;
      return current;
    },
  };
}
