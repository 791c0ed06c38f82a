import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialFieldsSchema, type CredentialConfig } from '../../../../src/shared/credential';
import { AppError } from '../../../../src/shared/errors';
import { defaultEnvironment } from '../../../../src/shared/environment';
import { firstAccount } from '../../../../src/shared/accounts';
import { openJsonFileStore } from '../../../../src/main/vault/json-file-store';
import {
  openConfigRepository,
  type MigrationSecrets,
} from '../../../../src/main/vault/config-repository';
import { useTempDirs } from '../../../support/temp-dirs';

const tempDir = useTempDirs();

function config(id: string, name: string, extra: Partial<CredentialConfig> = {}): CredentialConfig {
  const fields = credentialFieldsSchema.parse({
    name,
    grantType: 'client_credentials',
    clientId: `client-${id}`,
    tokenUrl: 'https://auth.example.com/oauth/token',
    scopes: 'read write',
  });
  return { ...fields, id, createdAt: 1_000, updatedAt: 1_000, ...extra };
}

/** Records what a migration moves into the vault. */
function recordingSecrets(): MigrationSecrets & { moved: Array<[string, string, string]> } {
  const moved: Array<[string, string, string]> = [];
  return {
    moved,
    async updateClientSecret(id, update) {
      if (update.kind === 'set') moved.push([id, 'clientSecret', update.value]);
    },
    async updatePassword(id, update) {
      if (update.kind === 'set') moved.push([id, 'password', update.value]);
    },
  };
}

async function open(dir: string, secrets: MigrationSecrets = recordingSecrets()) {
  const conf = openJsonFileStore({ dir, name: 'config', describe: 'configuration file' });
  const opened = await openConfigRepository({ store: conf.store, secrets, now: () => 5_000 });
  return { ...opened, warnings: [...conf.warnings, ...opened.warnings], path: conf.store.path };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('config repository over the JSON file store', () => {
  it('saves, lists, updates and deletes, and a new instance sees the same', async () => {
    const dir = tempDir();
    const { repository } = await open(dir);
    await repository.save(config('b', 'Second', { createdAt: 2_000 }));
    await repository.save(config('a', 'First'));
    await repository.save({ ...config('a', 'First renamed'), updatedAt: 3_000 });

    const again = (await open(dir)).repository;
    expect((await again.list()).map((c) => [c.id, c.name])).toEqual([
      ['a', 'First renamed'],
      ['b', 'Second'],
    ]);
    // A configuration stored without environments is read with its one default environment,
    // and that environment with its first account.
    expect(await again.get('a')).toEqual({
      ...config('a', 'First renamed'),
      environments: [defaultEnvironment()],
      accounts: [firstAccount('default')],
      updatedAt: 3_000,
    });
    await again.delete('a');
    expect((await (await open(dir)).repository.list()).map((c) => c.id)).toEqual(['b']);
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(file.schemaVersion).toBe(1);
  });

  it('returns copies: changing a result does not change the store', async () => {
    const { repository } = await open(tempDir());
    await repository.save(config('a', 'Alpha'));
    const got = await repository.get('a');
    got!.name = 'changed';
    expect((await repository.get('a'))?.name).toBe('Alpha');
  });

  it('rejects a duplicate name regardless of case with a conflict', async () => {
    const { repository } = await open(tempDir());
    await repository.save(config('a', 'GitHub API'));
    const error = await rejection(repository.save(config('b', 'github api')));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('GitHub API');
    expect(error.fields?.name).toBeDefined();
    // Renaming a credential to its own name in another case is fine.
    await repository.save(config('a', 'GITHUB API'));
    expect((await repository.list()).map((c) => c.name)).toEqual(['GITHUB API']);
  });

  it('moves a corrupt config file aside, reports it and starts empty', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"schemaVersion":1,"credentials":{"a":{"na');
    const { repository, warnings } = await open(dir);
    expect(await repository.list()).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/config\.json\.corrupt-/);
    const aside = readdirSync(dir).filter((n) => n.startsWith('config.json.corrupt-'));
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(
      '{"schemaVersion":1,"credentials":{"a":{"na',
    );
  });

  it('keeps an invalid record in the file (not shown, reported) when others are saved', async () => {
    const dir = tempDir();
    const broken = { name: 'Broken', grantType: 'telepathy' };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ schemaVersion: 1, credentials: { x: broken, a: config('a', 'Fine') } }),
    );
    const { repository, warnings } = await open(dir);
    expect((await repository.list()).map((c) => c.id)).toEqual(['a']);
    expect(warnings.join(' ')).toMatch(/"x".*not valid/);
    await repository.save(config('b', 'New'));
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      credentials: Record<string, unknown>;
    };
    expect(file.credentials.x).toEqual(broken);
  });

  it('does not overwrite a file from a newer version', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ schemaVersion: 9, credentials: {} }));
    const { repository, warnings } = await open(dir);
    expect(warnings.join(' ')).toMatch(/newer version/);
    expect((await rejection(repository.save(config('a', 'A')))).code).toBe('storage_failed');
  });
});

describe('migration from the v0 format', () => {
  const legacy = {
    credentials: [
      {
        id: 'gh',
        name: 'GitHub',
        grantType: 'authorization_code',
        clientId: 'gh-client',
        clientSecret: 'gh-legacy-secret',
        authUrl: 'https://github.com/login/oauth/authorize',
        tokenUrl: 'https://github.com/login/oauth/access_token',
        scopes: ['repo', 'read:user'],
      },
      {
        name: 'Legacy password',
        grantType: 'password',
        clientId: 'pw-client',
        clientSecret: 'pw-legacy-secret',
        password: 'pw-legacy-password',
        username: 'alice',
        tokenUrl: 'https://auth.example.com/token',
        scopes: [],
      },
      {
        name: 'github',
        grantType: 'client_credentials',
        clientId: 'c',
        tokenUrl: 'https://a.example/t',
        scopes: ['x'],
      },
    ],
  };

  it('converts records, moves inline secrets into the vault and removes them from the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(legacy));
    const secrets = recordingSecrets();
    const { repository, warnings } = await open(dir, secrets);

    const list = await repository.list();
    expect(list.map((c) => c.name)).toEqual(['GitHub', 'Legacy password', 'github (2)']);
    const gh = list[0]!;
    expect(gh.scopes).toBe('repo read:user');
    expect(gh.authorizationUrl).toBe('https://github.com/login/oauth/authorize');
    expect(gh.createdAt).toBe(5_000);
    const pwId = list[1]!.id;
    expect(pwId).toMatch(/^legacy-[0-9a-f]{16}$/);
    expect(secrets.moved).toEqual([
      ['gh', 'clientSecret', 'gh-legacy-secret'],
      [pwId, 'clientSecret', 'pw-legacy-secret'],
      [pwId, 'password', 'pw-legacy-password'],
    ]);
    expect(warnings.join(' ')).toMatch(/Moved 3 secret/);

    const raw = readFileSync(join(dir, 'config.json'), 'utf8');
    for (const secret of ['gh-legacy-secret', 'pw-legacy-secret', 'pw-legacy-password'])
      expect(raw).not.toContain(secret);
    expect(JSON.parse(raw).schemaVersion).toBe(1);

    // The next start finds v1 and migrates nothing.
    const next = recordingSecrets();
    const reopened = await open(dir, next);
    expect(next.moved).toEqual([]);
    expect((await reopened.repository.list()).map((c) => c.id)).toEqual(list.map((c) => c.id));
  });

  it('gives records without an id the same id when an interrupted migration runs again', async () => {
    const first = tempDir();
    const second = tempDir();
    writeFileSync(join(first, 'config.json'), JSON.stringify(legacy));
    writeFileSync(join(second, 'config.json'), JSON.stringify(legacy));
    const a = (await (await open(first)).repository.list()).map((c) => c.id);
    const b = (await (await open(second)).repository.list()).map((c) => c.id);
    expect(a).toEqual(b);
  });

  it('leaves the old file untouched and read-only when the vault cannot take the secrets', async () => {
    const dir = tempDir();
    const original = JSON.stringify(legacy);
    writeFileSync(join(dir, 'config.json'), original);
    const refusing: MigrationSecrets = {
      async updateClientSecret() {
        throw new AppError({
          code: 'encryption_unavailable',
          message: 'Secrets cannot be saved: unlock your keyring.',
        });
      },
      async updatePassword() {
        throw new AppError({
          code: 'encryption_unavailable',
          message: 'Secrets cannot be saved: unlock your keyring.',
        });
      },
    };
    const { repository, warnings } = await open(dir, refusing);
    expect((await repository.list()).map((c) => c.name)).toContain('GitHub');
    expect(warnings.join(' ')).toMatch(/unlock your keyring/);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual(legacy);
    expect((await rejection(repository.save(config('n', 'New')))).code).toBe('storage_failed');
  });
});
