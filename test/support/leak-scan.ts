// Looks for secret values where they must not be: files of a data folder, captured logs, values
// sent to the renderer. A value counts as leaked in plain text, URL-encoded, JSON-escaped, hex or
// base64 (at any byte alignment), since each of those is trivially reversible.
// Hits name the source and the secret's label, never the value itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface LeakHit {
  /** A file path or the label of a scanned text. */
  source: string;
  /** The label of the secret found (e.g. "clientSecret"), not its value. */
  secret: string;
  /** How it was written: plain, url, json, hex, base64. */
  encoding: string;
}

export interface ScanTargets {
  /** Files or folders (scanned recursively). */
  paths?: string[];
  /** label -> text, e.g. { logs: capturedLogLines.join('\n') }. */
  texts?: Record<string, string>;
}

/** The shortest value scanned; shorter ones would match by chance. */
export const MIN_SECRET_LENGTH = 8;

function listFiles(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) return [];
  return readdirSync(path).flatMap((name) => listFiles(join(path, name)));
}

/** The middle of the base64 of `value` when it starts at byte offset 0, 1 or 2 of a longer buffer. */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    // Drop the characters that mix in the unknown neighbouring bytes on both ends.
    const start = Math.ceil((shift * 4) / 3);
    const end = encoded.length - 2;
    if (end - start >= 8) cores.push(encoded.slice(start, end));
  }
  return cores;
}

function encodings(value: string): Array<[string, string]> {
  const forms: Array<[string, string]> = [['plain', value]];
  const url = encodeURIComponent(value);
  if (url !== value) forms.push(['url', url]);
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push(['json', json]);
  forms.push(['hex', Buffer.from(value, 'utf8').toString('hex')]);
  for (const core of base64Cores(value)) {
    forms.push(['base64', core]);
    forms.push(['base64', core.replace(/\+/g, '-').replace(/\//g, '_')]);
  }
  return forms;
}

function scanText(
  source: string,
  text: string,
  secrets: Array<[string, string]>,
  hits: LeakHit[],
): void {
  const lower = text.toLowerCase();
  for (const [label, value] of secrets) {
    for (const [encoding, form] of encodings(value)) {
      // Hex is case-insensitive; everything else must match exactly.
      const found = encoding === 'hex' ? lower.includes(form) : text.includes(form);
      if (found) {
        hits.push({ source, secret: label, encoding });
        break;
      }
    }
  }
}

/**
 * Scans files and texts for every secret. `secrets` maps a label to a value (or is a list, labelled
 * by index). Values shorter than MIN_SECRET_LENGTH are refused: a test must use real-looking secrets.
 */
export function scanForSecrets(
  targets: ScanTargets | string[],
  secrets: Record<string, string> | string[],
): LeakHit[] {
  const list: Array<[string, string]> = Array.isArray(secrets)
    ? secrets.map((value, i) => [`secret#${i}`, value])
    : Object.entries(secrets);
  for (const [label, value] of list) {
    if (value.length < MIN_SECRET_LENGTH)
      throw new Error(`Secret ${label} is too short to scan for reliably`);
  }
  const { paths = [], texts = {} } = Array.isArray(targets) ? { paths: targets } : targets;
  const hits: LeakHit[] = [];
  for (const file of paths.flatMap(listFiles)) {
    // latin1 keeps every byte, so binary files are scanned too.
    scanText(file, readFileSync(file).toString('latin1'), list, hits);
  }
  for (const [label, text] of Object.entries(texts)) scanText(label, text, list, hits);
  return hits;
}

/** A readable one-line summary of hits for assertion messages (labels and sources only). */
export function describeHits(hits: LeakHit[]): string {
  return hits.map((h) => `${h.secret} in ${h.source} (${h.encoding})`).join('; ');
}
