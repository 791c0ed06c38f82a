// Handlers for the share channels: export, import preview and apply, and the credentials that
// wait for a secret. Each import call reads the files again: the preview and the apply come
// from the same function on the same input, and nothing is kept between the two calls.
import { AppError } from '../../shared/errors';
import type { EventEmitterPort, InvokeHandlers } from '../../shared/ipc-contract';
import { registerSecrets } from '../common/redact';
import type { ConfigRepository, CredentialSecrets, OAuthEngine } from '../oauth/ports';
import { applyImport } from './apply-import';
import { openAwaitingSecrets } from './awaiting-secrets';
import { exportFiles } from './export-credentials';
import { planImport } from './plan-import';
import { readImportFiles } from './read-import-files';
import { environmentEntries, secretSlotOf } from './environment-secrets';
import { environmentsWithOwnSecret, secretPresence } from '../oauth/secret-reads';
import { parseTargetId } from '../../shared/environment';

export type ShareHandlerName =
  'exportCredentials' | 'previewImport' | 'applyImport' | 'listAwaitingSecrets' | 'provideSecrets';

export interface ShareDeps {
  engine: OAuthEngine;
  configs: ConfigRepository;
  secrets: CredentialSecrets;
  dataDir: string;
  emit: EventEmitterPort;
  now?: () => number;
}

export function createShareHandlers(deps: ShareDeps): {
  handlers: Pick<InvokeHandlers, ShareHandlerName>;
  warnings: string[];
} {
  const { engine } = deps;
  const awaiting = openAwaitingSecrets(deps.dataDir);
  const announce = async (id: string) => deps.emit('credentialChanged', await engine.get(id));

  const plan = async (request: {
    files: Array<{ name: string; text: string }>;
    variables: Record<string, string>;
  }) => {
    const { source, read } = readImportFiles(request.files);
    const planned = planImport(source, read, await deps.configs.list(), request.variables);
    // Secrets read from the files are masked from here on, wherever a log line or error might carry them.
    for (const item of planned.items) registerSecrets(Object.values(item.secrets));
    return planned;
  };

  const handlers: Pick<InvokeHandlers, ShareHandlerName> = {
    exportCredentials: async ({ ids, layout }) => {
      const summaries = await engine.list();
      const wanted =
        ids.length === 0 ? summaries : summaries.filter((s) => ids.includes(s.config.id));
      const missing = ids.filter((id) => !summaries.some((s) => s.config.id === id));
      if (missing.length > 0)
        throw new AppError({
          code: 'not_found',
          message:
            'A credential chosen for export no longer exists. Reload the list and choose again.',
        });
      if (wanted.length === 0)
        throw new AppError({
          code: 'validation',
          message: 'There is no credential to export yet.',
          fields: { ids: 'No credential to export' },
        });
      const entries = await Promise.all(
        wanted.map(async (s) => ({
          config: s.config,
          ...(await secretPresence(deps.secrets, s.config.id)),
          environmentsWithClientSecret: await environmentsWithOwnSecret(deps.secrets, s.config),
        })),
      );
      return { files: exportFiles(entries, layout) };
    },
    previewImport: async (request) => (await plan(request)).preview,
    applyImport: async (request) => {
      const { items } = await plan(request);
      const { outcome, changedIds } = await applyImport(items, request.resolutions, {
        configs: deps.configs,
        secrets: deps.secrets,
        awaiting,
        now: deps.now ?? Date.now,
        cancelAuthorization: (id) => engine.cancelAuthorization(id),
      });
      for (const id of changedIds) await announce(id).catch(() => undefined);
      return outcome;
    },
    listAwaitingSecrets: async () => {
      const summaries = await engine.list();
      const credentials = await Promise.all(
        summaries.map(async (s) => ({
          config: s.config,
          ...(await secretPresence(deps.secrets, s.config.id)),
        })),
      );
      return awaiting.list(credentials, await environmentEntries(deps.secrets, summaries));
    },
    provideSecrets: async (request) => {
      // An environment's own secret goes to its vault slot, whichever way the request names it.
      const { id, clientSecret, password } = {
        ...request,
        id: await secretSlotOf(engine, request.id),
      };
      if (!clientSecret && !password)
        throw new AppError({
          code: 'validation',
          message: 'Enter the secret to store.',
          fields: { clientSecret: 'Enter the secret' },
        });
      deps.secrets.assertWritable();
      if (clientSecret)
        await deps.secrets.updateClientSecret(id, { kind: 'set', value: clientSecret });
      if (password) await deps.secrets.updatePassword(id, { kind: 'set', value: password });
      const summary = await engine.get(request.id);
      deps.emit('credentialChanged', await engine.get(parseTargetId(request.id).credentialId));
      return summary;
    },
  };
  return { handlers, warnings: awaiting.warnings };
}
