// The last check of a spec that handled secrets: none of them reached the page (the bridge's
// answers and events, checked with the desk's own sensitive values too), the app's log, or a
// plain file in the data folder. Files are read as latin1, so that text, base64 and binary
// records are all searched byte for byte as they are stored (or, for a PEM body that a record
// may keep wrapped, with whitespace and escaped line breaks taken out first).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { findLeaks } from './bridge-traffic';
import type { DeskSession } from './desk-session';

export async function expectNoSecretLeaks(
  session: DeskSession,
  secrets: string[],
  /** What the secrets are, for the message naming a file that holds one ("key or passphrase"). */
  what: string,
  options: {
    /** Search files with whitespace and JSON's `\\n` removed: the secrets are unwrapped PEM bodies. */
    ignoreLineBreaksInFiles?: boolean;
  } = {},
): Promise<void> {
  // A check with nothing to look for passes whatever happened.
  expect(secrets.length).toBeGreaterThan(0);
  const { traffic, desk } = session;
  await traffic.settled();
  expect(findLeaks(traffic, [...secrets, ...desk.sensitiveValues()])).toEqual([]);
  const logs = desk.logs.join('\n');
  expect(secrets.some((part) => logs.includes(part))).toBe(false);
  const entries = await readdir(desk.dataDir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const stored = await readFile(file, 'latin1');
    const text = options.ignoreLineBreaksInFiles ? stored.replace(/\\n|\s/g, '') : stored;
    expect(
      secrets.some((part) => text.includes(part)),
      `plain ${what} in ${file}`,
    ).toBe(false);
  }
}
