// `npm run browser` listens before the data folder is open, so that the page loads while the
// records are read (listenBrowserMode). Real folders, the real bridge over HTTP: a call sent as
// soon as the address is known is answered from the whole store, and a folder that cannot be
// opened is reported on every call while the page is still served.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listenBrowserMode,
  type OpeningBrowserMode,
} from '../../../src/main/browser-mode/browser-mode';
import { TOKEN_HEADER } from '../../../src/main/browser-mode/bridge-guard';
import { nodeFs } from '../../../src/main/vault/fs-port';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import { credentialFieldsSchema } from '../../../src/shared/credential';
import { silentLogger } from '../../../src/main/common/logger';
import { useTempDirs } from '../../support/temp-dirs';

const tempDir = useTempDirs();
/** More than two of the open's turns (config-records.ts reads 250 records per turn). */
const STORED = 600;

async function seeded(): Promise<string> {
  const dataDir = tempDir();
  // Seeding is not what is tested: without fsync it takes a second, not a minute.
  const fs = { ...nodeFs, fsyncSync: () => undefined };
  const stores = await openDataStores({ dataDir, cipher: keyFileCipher, fs });
  for (let i = 0; i < STORED; i += 1) {
    const fields = credentialFieldsSchema.parse({
      name: `Service ${i}`,
      grantType: 'client_credentials',
      clientId: `client-${i}`,
      tokenUrl: 'http://127.0.0.1:9/token',
    });
    await stores.configs.save({ ...fields, id: `seed-${i}`, createdAt: i, updatedAt: i });
  }
  return dataDir;
}

async function rendererDir(): Promise<string> {
  const dir = tempDir();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><div id=root></div>');
  return dir;
}

const call = (mode: OpeningBrowserMode, name: string, body?: unknown) =>
  fetch(`${mode.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: mode.token },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then((r) => r.json() as Promise<{ ok: boolean; value?: unknown; error?: unknown }>);

describe('browser mode listening while its data folder opens', () => {
  it('answers a call sent at once from the whole store, once it is open', async () => {
    const dataDir = await seeded();
    const mode = await listenBrowserMode({
      dataDir,
      rendererDir: await rendererDir(),
      logger: silentLogger,
    });
    try {
      // Sent before `ready` is awaited: the bridge holds it until the open is done.
      const page = (await call(mode, 'listCredentialPage', { offset: 0, limit: 100 })) as {
        ok: boolean;
        value: { total: number; items: Array<{ config: { name: string } }> };
      };
      expect(page.ok).toBe(true);
      expect(page.value.total).toBe(STORED);
      expect(page.value.items.slice(0, 2).map((s) => s.config.name)).toEqual([
        'Service 0',
        'Service 1',
      ]);
      const services = await mode.ready;
      expect((await services.engine.listPage({ offset: 0, limit: 1 })).total).toBe(STORED);
    } finally {
      await mode.close();
    }
  });

  it('serves the page and answers every call with why the folder could not be opened', async () => {
    const blocker = join(tempDir(), 'a-file');
    await writeFile(blocker, 'not a folder');
    const dataDir = join(blocker, 'data');
    const mode = await listenBrowserMode({
      dataDir,
      rendererDir: await rendererDir(),
      logger: silentLogger,
    });
    try {
      await expect(mode.ready).rejects.toThrow();
      const index = await fetch(`${mode.origin}/`);
      expect(index.status).toBe(200);
      for (const name of ['getAppInfo', 'listCredentialPage']) {
        const body = name === 'getAppInfo' ? undefined : { offset: 0, limit: 100 };
        expect(await call(mode, name, body)).toEqual({
          ok: false,
          error: expect.objectContaining({
            code: 'storage_failed',
            message: expect.stringMatching(
              new RegExp(`could not open its data folder ${dataDir}: .*ENOTDIR`),
            ),
          }),
        });
      }
    } finally {
      await mode.close();
    }
  });
});
