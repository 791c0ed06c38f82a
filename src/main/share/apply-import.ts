// Carries out an import plan with the user's resolutions. Every decision is checked before the
// first write (an unresolved name conflict, a rename onto a taken name, an item with problems),
// so a refused import changes nothing; a write that fails half-way is rolled back.
import { randomUUID } from 'node:crypto';
import { DEFAULT_ENVIRONMENT_ID, defaultEnvironment, targetId } from '../../shared/environment';
import { firstAccount } from '../../shared/accounts';
import { credentialNameKey, type CredentialConfig } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import {
  SECRET_LABELS,
  type ImportOutcome,
  type ImportOutcomeItem,
  type ImportResolution,
  type SecretKind,
} from '../../shared/share';
import type { ConfigRepository, CredentialSecrets } from '../oauth/ports';
import { cacheKeyFor } from '../oauth/token-cache';
import type { AwaitingSecretsStore } from './awaiting-secrets';
import type { PlannedItem } from './plan-import';

export interface ImportPorts {
  configs: ConfigRepository;
  secrets: CredentialSecrets;
  awaiting: AwaitingSecretsStore;
  now(): number;
  /** Stops a sign-in running for a credential that is being replaced. */
  cancelAuthorization(id: string): void;
}

interface Step {
  item: PlannedItem;
  action: 'create' | 'replace';
  config: CredentialConfig;
  previous?: CredentialConfig;
}

function refuse(fields: Record<string, string>): never {
  const list = Object.values(fields).join(' ');
  throw new AppError({ code: 'validation', message: `Nothing was imported. ${list}`, fields });
}

function decide(
  items: PlannedItem[],
  resolutions: Record<string, ImportResolution>,
  existing: CredentialConfig[],
  now: number,
) {
  const problems: Record<string, string> = {};
  const steps: Step[] = [];
  const skipped: PlannedItem[] = [];
  const byId = new Map(existing.map((c) => [c.id, c]));
  const replacedIds = new Set(
    items
      .filter((i) => resolutions[i.preview.key]?.action === 'replace' && i.preview.existingId)
      .map((i) => i.preview.existingId!),
  );
  // Names that stay taken: every stored credential not being replaced, then each imported name.
  const taken = new Set(
    existing.filter((c) => !replacedIds.has(c.id)).map((c) => credentialNameKey(c.name)),
  );
  for (const item of items) {
    const { key, name, existingId } = item.preview;
    const resolution = resolutions[key] ?? { action: 'create' };
    if (resolution.action === 'skip') {
      skipped.push(item);
      continue;
    }
    if (!item.fields) {
      const what = Object.entries(item.preview.problems)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; ');
      problems[key] =
        `“${name}” cannot be imported as it is (${what}): fill its variables or skip it.`;
      continue;
    }
    if (resolution.action === 'replace') {
      const previous = existingId ? byId.get(existingId) : undefined;
      if (!previous) {
        problems[key] =
          `“${name}” has no stored credential of that name to replace: import it as new or skip it.`;
        continue;
      }
      if (taken.has(credentialNameKey(name))) {
        problems[key] = `“${name}” is imported twice: rename or skip one of them.`;
        continue;
      }
      taken.add(credentialNameKey(name));
      steps.push({
        item,
        action: 'replace',
        previous,
        config: {
          ...item.fields,
          name,
          id: previous.id,
          // Environments are not part of an export: a replaced credential keeps its own.
          ...(previous.environments ? { environments: previous.environments } : {}),
          // Nor are accounts: the users signed in to it stay, with their tokens.
          ...(previous.accounts ? { accounts: previous.accounts } : {}),
          createdAt: previous.createdAt,
          updatedAt: now,
        },
      });
      continue;
    }
    const finalName = resolution.action === 'rename' ? resolution.name.trim() : name;
    if (taken.has(credentialNameKey(finalName))) {
      problems[key] =
        resolution.action === 'rename'
          ? `“${finalName}” is taken too: choose another name for “${name}”.`
          : `A credential named “${name}” already exists: choose rename, replace or skip.`;
      continue;
    }
    taken.add(credentialNameKey(finalName));
    steps.push({
      item,
      action: 'create',
      config: {
        ...item.fields,
        name: finalName,
        id: randomUUID(),
        environments: item.environments ?? [defaultEnvironment()],
        accounts: [firstAccount(DEFAULT_ENVIRONMENT_ID)],
        createdAt: now,
        updatedAt: now,
      },
    });
  }
  if (Object.keys(problems).length > 0) refuse(problems);
  return { steps, skipped };
}

const SET = (value: string) => ({ kind: 'set' as const, value });

async function writeSecret(
  secrets: CredentialSecrets,
  id: string,
  kind: SecretKind,
  value: string,
): Promise<void> {
  if (kind === 'clientSecret') await secrets.updateClientSecret(id, SET(value));
  else await secrets.updatePassword(id, SET(value));
}

export async function applyImport(
  items: PlannedItem[],
  resolutions: Record<string, ImportResolution>,
  ports: ImportPorts,
): Promise<{ outcome: ImportOutcome; changedIds: string[] }> {
  const existing = await ports.configs.list();
  const { steps, skipped } = decide(items, resolutions, existing, ports.now());
  if (steps.some((s) => Object.keys(s.item.secrets).length > 0)) ports.secrets.assertWritable();

  // Markers first: if that write fails nothing else has happened; a marker for an id that never
  // came to exist is harmless.
  ports.awaiting.mark(
    Object.fromEntries(
      steps.flatMap((s) => [
        [s.config.id, s.item.markers],
        // A replaced credential keeps its own environments: the file's markers do not apply.
        ...(s.action === 'create'
          ? s.item.environmentMarkers.map((env) => [targetId(s.config.id, env), ['clientSecret']])
          : []),
      ]),
    ),
  );
  const done: Array<{ step: Step; restoreSecrets: Array<[SecretKind, string | undefined]> }> = [];
  try {
    for (const step of steps) {
      const restoreSecrets: Array<[SecretKind, string | undefined]> = [];
      const record = { step, restoreSecrets };
      if (step.action === 'replace') {
        for (const kind of Object.keys(step.item.secrets) as SecretKind[]) {
          const read =
            kind === 'clientSecret' ? ports.secrets.getClientSecret : ports.secrets.getPassword;
          restoreSecrets.push([
            kind,
            await read.call(ports.secrets, step.config.id).catch(() => undefined),
          ]);
        }
      }
      await ports.configs.save(step.config);
      done.push(record);
      for (const [kind, value] of Object.entries(step.item.secrets) as Array<
        [SecretKind, string]
      >) {
        await writeSecret(ports.secrets, step.config.id, kind, value);
      }
    }
    // Only once every write succeeded: a rolled-back replace keeps its token.
    for (const step of steps) {
      if (step.previous && cacheKeyFor(step.previous) !== cacheKeyFor(step.config)) {
        // What made the stored token valid changed: it answers a different question now.
        ports.cancelAuthorization(step.config.id);
        await ports.secrets.deleteTokens(step.config.id);
      }
    }
  } catch (error) {
    await rollBack(done, ports);
    throw error;
  }

  const outcomeItems: ImportOutcomeItem[] = [
    ...steps.map((s) => ({
      key: s.item.preview.key,
      name: s.config.name,
      action: s.action === 'create' ? ('created' as const) : ('replaced' as const),
      id: s.config.id,
      secretsStored: Object.keys(s.item.secrets) as SecretKind[],
      secretsNeeded: s.item.preview.secretsNeeded,
    })),
    ...skipped.map((i) => ({
      key: i.preview.key,
      name: i.preview.name,
      action: 'skipped' as const,
      secretsStored: [],
      secretsNeeded: [],
    })),
  ];
  return {
    outcome: { items: outcomeItems, message: summarize(outcomeItems) },
    changedIds: steps.map((s) => s.config.id),
  };
}

async function rollBack(
  done: Array<{ step: Step; restoreSecrets: Array<[SecretKind, string | undefined]> }>,
  ports: ImportPorts,
) {
  for (const { step, restoreSecrets } of done.reverse()) {
    try {
      if (step.action === 'create') {
        await ports.secrets.deleteAll(step.config.id);
        await ports.configs.delete(step.config.id);
      } else {
        await ports.configs.save(step.previous!);
        for (const [kind, value] of restoreSecrets) {
          const update = value === undefined ? { kind: 'clear' as const } : SET(value);
          if (kind === 'clientSecret')
            await ports.secrets.updateClientSecret(step.config.id, update);
          else await ports.secrets.updatePassword(step.config.id, update);
        }
      }
    } catch {
      // Best effort: the error that stopped the import is the one reported.
    }
  }
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summarize(items: ImportOutcomeItem[]): string {
  const created = items.filter((i) => i.action === 'created').length;
  const replaced = items.filter((i) => i.action === 'replaced').length;
  const skipped = items.filter((i) => i.action === 'skipped').length;
  const stored = items.filter((i) => i.secretsStored.length > 0).length;
  const waiting = items.filter((i) => i.action !== 'skipped' && i.secretsNeeded.length > 0);
  const parts = [`Imported ${count(created, 'new credential')}`];
  if (replaced) parts.push(`replaced ${replaced}`);
  if (skipped) parts.push(`skipped ${skipped}`);
  let message = `${parts.join(', ')}.`;
  if (stored)
    message += ` Secrets from the file were stored encrypted for ${count(stored, 'credential')}.`;
  if (waiting.length) {
    const kinds = [...new Set(waiting.flatMap((i) => i.secretsNeeded))]
      .map((k) => SECRET_LABELS[k])
      .join(' or ');
    message += ` ${count(waiting.length, 'credential')} still need${waiting.length === 1 ? 's' : ''} a ${kinds}: enter ${waiting.length === 1 ? 'it' : 'them'} under Waiting for secrets.`;
  }
  return message;
}
