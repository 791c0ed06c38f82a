// OAuth Desk as the app wires it, minus the window: the engine over the real vault (AES-GCM key
// file, conf store in a temp folder) or over in-memory stores, and the request runner on top.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOAuthEngine } from '../src/main/oauth/engine';
import type { Authorizer, OAuthEngine } from '../src/main/oauth/ports';
import { createRequestRunner, type RequestRunner } from '../src/main/services/request-runner';
import { keyFileCipher, openDataStores } from '../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../src/shared/credential';
import { requestSpecSchema, type RequestSpec } from '../src/shared/requests';
import {
  createMemoryConfigRepository,
  createMemoryCredentialSecrets,
} from '../test/support/memory-stores';
import type { BenchServers } from './servers';

export type StoreKind = 'vault' | 'memory';

export interface Desk {
  engine: OAuthEngine;
  runner: RequestRunner;
  credentialId: string;
  /** A GET of the protected API through the runner, with the credential attached. */
  spec(): RequestSpec;
  close(): Promise<void>;
}

const noAuthorizer: Authorizer = {
  async begin() {
    throw new Error('the benchmarks use client credentials only');
  },
};

export async function createDesk(
  servers: BenchServers,
  stores: StoreKind = 'vault',
): Promise<Desk> {
  const dataDir = stores === 'vault' ? mkdtempSync(join(tmpdir(), 'oauth-desk-bench-')) : null;
  const { configs, secrets } = dataDir
    ? await openDataStores({ dataDir, cipher: keyFileCipher })
    : { configs: createMemoryConfigRepository(), secrets: createMemoryCredentialSecrets() };
  const engine = createOAuthEngine({ configs, secrets, authorizer: noAuthorizer });
  const runner = createRequestRunner({ engine });
  const fields = credentialFieldsSchema.parse({
    name: 'bench client credentials',
    grantType: 'client_credentials',
    clientId: servers.client.clientId,
    clientAuth: 'basic',
    tokenUrl: servers.oidc.endpoints.token,
    scopes: 'api:read',
  });
  const created = await engine.create(fields, {
    clientSecret: { kind: 'set', value: servers.client.clientSecret },
    password: { kind: 'keep' },
  });
  let seq = 0;
  return {
    engine,
    runner,
    credentialId: created.config.id,
    spec: () =>
      requestSpecSchema.parse({
        requestId: `bench-${++seq}`,
        method: 'GET',
        url: servers.itemsUrl,
        credentialId: created.config.id,
      }),
    async close() {
      runner.cancelAll();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
