// Importing OAuth Desk files: conflicts resolved explicitly (rename, replace, skip), files from a
// newer version or damaged files refused with a message that names the problem, and nothing
// changed by a refused import.
import { describe, expect, it } from 'vitest';
import type { CredentialConfig, CredentialInputDraft } from '../../../../src/shared/credential';
import { SHARE_FORMAT } from '../../../../src/shared/share';
import { shareableConfiguration } from '../../../../src/main/share/export-credentials';
import { useDesks, type Desk } from './share-services';

const STORED_SECRET = 'stored-secret-3e8a41c0';

const machine = (name: string, scopes: string): CredentialInputDraft => ({
  fields: {
    name,
    grantType: 'client_credentials',
    clientId: 'svc',
    tokenUrl: 'https://login.example.com/token',
    scopes,
  },
  clientSecret: { kind: 'set', value: STORED_SECRET },
});

function shareText(credentials: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: SHARE_FORMAT, version: 1, credentials, ...extra });
}

const incoming = (name: string, scopes = 'incoming') => ({
  configuration: {
    name,
    grantType: 'client_credentials',
    clientId: 'svc-2',
    tokenUrl: 'https://login.example.com/token',
    scopes,
  },
  hasClientSecret: true,
  hasPassword: false,
});

async function snapshot(desk: Desk) {
  const summaries = await desk.services.engine.list();
  return summaries.map((s) => ({ config: s.config, hasClientSecret: s.hasClientSecret }));
}

describe('import conflicts', () => {
  const openDesk = useDesks();

  it('shows a name taken by a stored credential as a conflict, and refuses to guess', async () => {
    const desk = await openDesk();
    await desk.call('createCredential', machine('Payments', 'old'));
    const files = [
      { name: 'team.json', text: shareText([incoming('payments'), incoming('Reports')]) },
    ];
    const preview = await desk.call('previewImport', { files });
    expect(preview.items.map((i) => [i.name, i.status])).toEqual([
      ['payments', 'conflict'],
      ['Reports', 'create'],
    ]);
    const before = await snapshot(desk);
    const error = await desk.failure('applyImport', { files });
    expect(error.code).toBe('validation');
    expect(error.message).toContain(
      'A credential named “payments” already exists: choose rename, replace or skip.',
    );
    expect(error.message).toContain('Nothing was imported');
    expect(await snapshot(desk)).toEqual(before);
  });

  it('renames, replaces or skips as told', async () => {
    for (const [resolution, expected] of [
      [
        { action: 'rename', name: 'Payments (team)' },
        { names: ['Payments', 'Payments (team)'], paymentsScopes: 'old' },
      ],
      [{ action: 'replace' }, { names: ['payments'], paymentsScopes: 'incoming' }],
      [{ action: 'skip' }, { names: ['Payments'], paymentsScopes: 'old' }],
    ] as const) {
      const desk = await openDesk();
      const stored = await desk.call('createCredential', machine('Payments', 'old'));
      const files = [{ name: 'team.json', text: shareText([incoming('payments')]) }];
      const outcome = await desk.call('applyImport', { files, resolutions: { '0': resolution } });
      const configs = await desk.configs();
      expect(configs.map((c) => c.name).sort()).toEqual(expected.names);
      const payments = configs.find((c) => c.name.toLowerCase() === 'payments')!;
      expect(payments.scopes).toBe(expected.paymentsScopes);
      expect(payments.id).toBe(stored.config.id);
      if (resolution.action === 'replace') {
        expect(outcome.items[0]).toMatchObject({ action: 'replaced', id: stored.config.id });
        // The stored secret is kept: the file had none to give.
        expect(await desk.services.engine.get(stored.config.id)).toMatchObject({
          hasClientSecret: true,
        });
        expect(payments.clientId).toBe('svc-2');
        expect(payments.createdAt).toBe(stored.config.createdAt);
      }
      if (resolution.action === 'skip')
        expect(outcome.items[0]).toMatchObject({ action: 'skipped' });
    }
  });

  it('refuses a rename onto another taken name, and two imported credentials under one name', async () => {
    const desk = await openDesk();
    await desk.call('createCredential', machine('Payments', 'old'));
    await desk.call('createCredential', machine('Reports', 'old'));
    const files = [{ name: 'team.json', text: shareText([incoming('Payments')]) }];
    const error = await desk.failure('applyImport', {
      files,
      resolutions: { '0': { action: 'rename', name: 'reports' } },
    });
    expect(error.message).toContain('“reports” is taken too: choose another name for “Payments”.');
    expect((await desk.configs()).length).toBe(2);

    const twice = await desk.call('previewImport', {
      files: [
        { name: 'twice.json', text: shareText([incoming('Audit', 'a'), incoming('audit', 'b')]) },
      ],
    });
    expect(twice.items.map((i) => i.name)).toEqual(['Audit', 'audit (2)']);
    expect(twice.items[1]!.notes[0]).toContain(
      'another credential in this import has the same name',
    );
  });
});

describe('files that cannot be imported', () => {
  const openDesk = useDesks();

  async function refused(desk: Desk, text: string) {
    await desk.call('createCredential', machine('Existing', 'x'));
    const before = await snapshot(desk);
    const preview = await desk.failure('previewImport', { files: [{ name: 'shared.json', text }] });
    const apply = await desk.failure('applyImport', { files: [{ name: 'shared.json', text }] });
    expect(apply.message).toBe(preview.message);
    expect(await snapshot(desk)).toEqual(before);
    return preview.message;
  }

  it('refuses a file from a newer OAuth Desk with a clear message', async () => {
    const message = await refused(
      await openDesk(),
      shareText([incoming('Future')], { version: 4 }),
    );
    expect(message).toBe(
      'shared.json: was written by a newer OAuth Desk (file format version 4); this version reads versions up to 3. Update OAuth Desk to import it. Nothing was imported.',
    );
  });

  it('imports a version 1 file, whose two extra lists become per-stage extras, leaving out rows the flow sets itself', async () => {
    const desk = await openDesk();
    const legacy = {
      ...incoming('Legacy'),
      configuration: {
        ...incoming('Legacy').configuration,
        extraAuthParams: [],
        extraTokenParams: [
          { name: 'tenant', value: 'acme' },
          { name: 'grant_type', value: 'password' },
        ],
      },
    };
    const files = [{ name: 'old.json', text: shareText([legacy]) }];
    const preview = await desk.call('previewImport', { files });
    expect(preview.items.map((i) => i.status)).toEqual(['create']);
    await desk.call('applyImport', { files });
    const [imported] = await desk.services.engine.list();
    expect(imported!.config.requestExtras).toEqual([
      { stage: 'token', in: 'body', name: 'tenant', value: 'acme' },
      { stage: 'refresh', in: 'body', name: 'tenant', value: 'acme' },
      { stage: 'device_authorization', in: 'body', name: 'tenant', value: 'acme' },
    ]);
  });

  it('names where a truncated file breaks off, without quoting its content', async () => {
    const text = shareText([
      {
        ...incoming('Cut'),
        configuration: { ...incoming('Cut').configuration, clientId: 'client-id-visible-9f2' },
      },
    ]);
    const message = await refused(await openDesk(), text.slice(0, text.length - 12));
    expect(message).toMatch(
      /^shared\.json: is not valid JSON \(it breaks off or has a syntax error( at line 1, column \d+)?\)/,
    );
    expect(message).not.toContain('client-id-visible-9f2');
  });

  it('names the field of the credential that is wrong', async () => {
    const bad = incoming('Plain http');
    bad.configuration.tokenUrl = 'http://login.example.com/token';
    const message = await refused(await openDesk(), shareText([incoming('Fine'), bad]));
    expect(message).toContain('credentials[1].configuration.tokenUrl: Token URL must use https://');
    expect(message).toContain('Nothing was imported');
  });

  it('says what it reads when the file is something else', async () => {
    const message = await refused(await openDesk(), JSON.stringify({ hello: 'world' }));
    expect(message).toContain('shared.json: is not a file OAuth Desk can import.');
    expect(message).toContain('Postman collections (v2.1)');
  });
});

describe('export mapping', () => {
  it('carries every configuration field, including ones added after this code, and drops secret-named ones', () => {
    const config = {
      id: 'local-id',
      createdAt: 1,
      updatedAt: 2,
      name: 'Future',
      grantType: 'client_credentials',
      groups: ['payments', 'eu'],
      allowedApiOrigins: ['https://api.example.com'],
      clientSecret: 'should-never-be-here',
      privateKey: '-----BEGIN PRIVATE KEY-----',
      keyPassphrase: 'nope',
      tokenUrl: 'https://login.example.com/token',
      username: 'ops',
    } as unknown as CredentialConfig;
    expect(shareableConfiguration(config)).toEqual({
      name: 'Future',
      grantType: 'client_credentials',
      groups: ['payments', 'eu'],
      allowedApiOrigins: ['https://api.example.com'],
      tokenUrl: 'https://login.example.com/token',
      username: 'ops',
    });
  });
});
