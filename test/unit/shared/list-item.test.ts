// The list's projection of a credential (list-item.ts): it carries what a row, the switcher and
// the pickers read, and nothing else of the configuration, no secret presence and no provider
// error, however much the configuration holds.
import { describe, expect, it } from 'vitest';
import { toListItem } from '../../../src/shared/list-item';
import type { CredentialSummary } from '../../../src/shared/status';
import { assessStatus } from '../../../src/shared/token-state';
import { environmentsOf, markerOf } from '../../../src/shared/environment-resolve';

const NOW = 1_700_000_000_000;

/** A credential filled with everything a configuration can hold that the list must not carry. */
function fullSummary(): CredentialSummary {
  return {
    config: {
      id: 'orders',
      name: 'Orders API',
      group: 'Payments',
      provider: 'custom',
      grantType: 'authorization_code',
      clientId: 'orders-client-7f3a',
      clientAuth: 'basic',
      pkce: 'S256',
      authorizationUrl: 'https://idp.example/authorize',
      tokenUrl: 'https://idp.example/token',
      revocationUrl: 'https://idp.example/revoke',
      issuer: 'https://idp.example',
      redirectUri: 'oauthdesk://callback',
      scopes: 'openid orders:read',
      audience: 'https://orders.example',
      caBundle: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      requestExtras: [{ stage: 'authorization', in: 'query', name: 'prompt', value: 'consent' }],
      headerPrefix: 'Bearer',
      username: 'alice@example.com',
      authorizeIn: 'embedded',
      environments: [
        { id: 'default', name: 'Default', color: 'grey', production: false, variables: [] },
        {
          id: 'prod-1',
          name: 'Production',
          color: 'red',
          production: true,
          clientId: 'orders-prod-client',
          tokenUrl: 'https://idp.example/prod/token',
          variables: [{ name: 'tenant', value: 'acme-prod' }],
        },
      ],
      accounts: [
        {
          id: 'a1',
          environment: 'prod-1',
          name: 'alice',
          nameSource: 'claims',
          subject: 'sub-alice',
          default: true,
        },
        {
          id: 'a2',
          environment: 'prod-1',
          name: '',
          nameSource: 'none',
          username: 'bob',
          default: false,
        },
      ],
      createdAt: 1,
      updatedAt: 2,
    },
    hasClientSecret: true,
    hasPassword: true,
    status: {
      state: 'error',
      expiresAt: NOW + 60_000,
      expirySource: 'jwt',
      obtainedAt: NOW - 60_000,
      scope: 'openid orders:read',
      tokenType: 'Bearer',
      hasAccessToken: true,
      hasRefreshToken: true,
      lastError: {
        code: 'invalid_client',
        message: 'The provider rejected the client: check the client ID and secret.',
        provider: {
          error: 'invalid_client',
          errorDescription: 'client orders-prod-client unknown',
        },
      },
    },
    environment: { id: 'prod-1', name: 'Production', color: 'red', production: true },
    account: { id: 'a1', name: 'alice', nameSource: 'claims', default: true, signedIn: true },
    accounts: [
      { id: 'a1', name: 'alice', nameSource: 'claims', default: true, signedIn: true },
      { id: 'a2', name: '', nameSource: 'none', username: 'bob', default: false, signedIn: false },
    ],
  };
}

describe('toListItem', () => {
  it('keeps exactly what the list shows', () => {
    expect(toListItem(fullSummary())).toEqual({
      config: {
        id: 'orders',
        name: 'Orders API',
        group: 'Payments',
        provider: 'custom',
        grantType: 'authorization_code',
        scopes: 'openid orders:read',
        environments: [
          { id: 'default', name: 'Default', color: 'grey', production: false },
          { id: 'prod-1', name: 'Production', color: 'red', production: true },
        ],
      },
      status: {
        state: 'error',
        expiresAt: NOW + 60_000,
        obtainedAt: NOW - 60_000,
        scope: 'openid orders:read',
        hasAccessToken: true,
        hasRefreshToken: true,
        lastError: {
          code: 'invalid_client',
          message: 'The provider rejected the client: check the client ID and secret.',
        },
      },
      environment: { id: 'prod-1', name: 'Production', color: 'red', production: true },
      accounts: [
        { id: 'a1', name: 'alice', nameSource: 'claims', default: true, signedIn: true },
        {
          id: 'a2',
          name: '',
          nameSource: 'none',
          username: 'bob',
          default: false,
          signedIn: false,
        },
      ],
    });
  });

  it('carries no secret presence, no endpoint, client, variable, subject or provider error', () => {
    const text = JSON.stringify(toListItem(fullSummary()));
    for (const absent of [
      'hasClientSecret',
      'hasPassword',
      'orders-client-7f3a',
      'orders-prod-client',
      'idp.example',
      'acme-prod',
      'sub-alice',
      'alice@example.com',
      'BEGIN CERTIFICATE',
      'consent',
      'tokenType',
      'expirySource',
    ])
      expect(text).not.toContain(absent);
  });

  it('leaves out a single account: there is no choice to show', () => {
    const summary = fullSummary();
    summary.accounts = summary.accounts!.slice(0, 1);
    expect(toListItem(summary).accounts).toBeUndefined();
  });

  it('shares no object with the summary, so the summary can change without the row', () => {
    const summary = fullSummary();
    const item = toListItem(summary);
    summary.config.environments![1]!.name = 'Renamed';
    summary.accounts![0]!.name = 'Renamed';
    expect(item.config.environments![1]!.name).toBe('Production');
    expect(item.accounts![0]!.name).toBe('alice');
  });

  it('is assessed as its summary is: the badge shows the same state and countdown', () => {
    const summary = fullSummary();
    summary.status = { ...summary.status, state: 'connected', lastError: null };
    for (const now of [NOW, NOW + 55_000, NOW + 61_000])
      expect(assessStatus(toListItem(summary).status, true, now)).toEqual(
        assessStatus(summary.status, true, now),
      );
  });

  it('leaves out an untouched only environment and its marker; a renamed or production one stays', () => {
    const summary = fullSummary();
    const [first] = summary.config.environments!;
    summary.config.environments = [first!];
    summary.environment = markerOf(first!);
    const item = toListItem(summary);
    expect(item.config.environments).toBeUndefined();
    expect(item.environment).toBeUndefined();
    // What the renderer reads back is the same untouched environment.
    expect(environmentsOf(item.config).map(markerOf)).toEqual([markerOf(first!)]);

    for (const touched of [
      { ...first!, name: 'QA' },
      { ...first!, production: true },
    ]) {
      summary.config.environments = [touched];
      summary.environment = markerOf(touched);
      expect(toListItem(summary).config.environments).toEqual([markerOf(touched)]);
      expect(toListItem(summary).environment).toEqual(markerOf(touched));
    }
  });

  it('is its own projection: an item projects to itself', () => {
    const item = toListItem(fullSummary());
    expect(toListItem(item)).toEqual(item);
  });
});
