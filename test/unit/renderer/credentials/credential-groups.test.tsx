// @vitest-environment jsdom
// Credentials filed under groups: the list shows one group (or grant type, provider, state) with
// the count of each, sorts by any of them, and the form offers the groups already in use.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { CredentialList } from '../../../../src/renderer/src/features/credentials/credential-list';
import {
  facetGroups,
  sortCredentials,
} from '../../../../src/renderer/src/features/credentials/credential-groups';
import { filterCredentials } from '../../../../src/renderer/src/features/credentials/filter-credentials';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const fleet = () => [
  makeSummary(
    { name: 'Orders (staging)', group: 'Staging', grantType: 'client_credentials' },
    { state: 'connected', hasAccessToken: true },
  ),
  makeSummary(
    {
      name: 'Billing (staging)',
      group: 'Staging',
      grantType: 'authorization_code',
      provider: 'github',
    },
    { state: 'needs_authorization' },
  ),
  makeSummary({ name: 'Orders (prod)', group: 'Production', grantType: 'client_credentials' }),
  makeSummary({ name: 'Scratch', grantType: 'device_code' }),
];

// jsdom has no layout, so the virtualized rows are not a reliable read after a re-render: the
// list's own filter is (the e2e suite reads the rows in Chromium).
const names = () => {
  const { credentials, filter, listView } = useAppStore.getState();
  return filterCredentials(credentials, filter, listView).map((s) => s.config.name);
};

describe('credential groups', () => {
  it('counts each group, grant type, provider and state', () => {
    const groups = facetGroups(fleet());
    const byLabel = Object.fromEntries(
      groups.map((g) => [g.label, g.options.map((o) => `${o.label} (${o.count})`)]),
    );
    expect(byLabel).toEqual({
      Group: ['Production (1)', 'Staging (2)', 'No group (1)'],
      'Grant type': ['Client credentials (2)', 'Authorization code (1)', 'Device code (1)'],
      Provider: ['Custom (3)', 'GitHub (1)'],
      Status: ['Connected (1)', 'Needs authorization (1)', 'Not connected (2)'],
    });
  });

  it('sorts by group with the ungrouped last, then by name', () => {
    expect(sortCredentials(fleet(), 'group').map((s) => s.config.name)).toEqual([
      'Orders (prod)',
      'Billing (staging)',
      'Orders (staging)',
      'Scratch',
    ]);
    expect(sortCredentials(fleet(), 'status').map((s) => s.config.name)).toEqual([
      'Orders (staging)',
      'Billing (staging)',
      'Orders (prod)',
      'Scratch',
    ]);
  });

  it('shows one group in the list and says how many of all', async () => {
    for (const s of fleet()) useAppStore.getState().upsertCredential(s);
    useAppStore.setState({ loaded: true });
    const user = userEvent.setup();
    render(<CredentialList />);
    const show = screen.getByRole('combobox', { name: 'Show' });
    expect(within(show).getByRole('option', { name: 'All credentials (4)' })).toBeTruthy();
    await user.selectOptions(show, 'Staging (2)');
    expect(names()).toEqual(['Billing (staging)', 'Orders (staging)']);
    expect(screen.getByText('2 of 4 credentials')).toBeTruthy();
    await user.selectOptions(show, 'Device code (1)');
    expect(names()).toEqual(['Scratch']);
    expect(screen.getByText('1 of 4 credentials')).toBeTruthy();
    await user.selectOptions(show, 'All credentials (4)');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Group');
    expect(names()).toEqual(['Orders (prod)', 'Billing (staging)', 'Orders (staging)', 'Scratch']);
  });

  it('saves the group typed in the form, offering the groups in use', async () => {
    for (const s of fleet()) useAppStore.getState().upsertCredential(s);
    const saved = makeSummary({ name: 'Inventory', group: 'Staging' });
    env.api.createCredential.mockResolvedValue(ok(saved));
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    const group = screen.getByLabelText('Group');
    const suggestions = document.getElementById(group.getAttribute('list')!)!;
    expect([...suggestions.querySelectorAll('option')].map((o) => o.value)).toEqual([
      'Production',
      'Staging',
    ]);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Client credentials');
    await user.type(screen.getByLabelText('Name', { exact: true }), 'Inventory');
    await user.type(group, 'Staging');
    await user.type(screen.getByLabelText('Token URL'), 'https://auth.example.com/token');
    await user.type(screen.getByLabelText('Client ID'), 'inventory');
    await user.type(screen.getByLabelText('Client secret'), 's3cret-value');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(env.api.createCredential.mock.calls[0]![0].fields).toMatchObject({
      name: 'Inventory',
      group: 'Staging',
    });
  });
});
