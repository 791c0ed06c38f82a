// @vitest-environment jsdom
// The list: an empty state for newcomers, a filter, arrow-key navigation, and only a window of
// rows in the DOM even with a thousand credentials.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { CredentialList } from '../../../../src/renderer/src/features/credentials/credential-list';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { CredentialSummary } from '../../../../src/shared/status';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

// jsdom has no layout: give the scroll container a height so the virtualizer has a window.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 320,
  });
});

/** The list as main holds it: rows in the store, and main's answers about them. */
function load(summaries: CredentialSummary[]) {
  env.api.listCredentials.mockResolvedValue(ok(summaries));
  useAppStore.setState({
    loaded: true,
    credentials: Object.fromEntries(summaries.map((s) => [s.config.id, s])),
  });
}

describe('credential list', () => {
  it('tells a newcomer what to do first', async () => {
    load([]);
    const user = userEvent.setup();
    render(<CredentialList />);
    expect(screen.getByText('Add your first credential…')).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: 'Add credential' })[1]!);
    expect(useAppStore.getState().form).toEqual({ mode: 'create' });
  });

  it('gives a long name the row to itself, with the full name as its title', () => {
    const name = 'Team API (PKCE, staging tenant, read and write scopes)';
    load([makeSummary({ name }, { state: 'connected', expiresAt: Date.now() + 600_000 })]);
    render(<CredentialList />);
    const row = screen.getByRole('option', {
      name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`),
    });
    const nameEl = within(row).getByText(name);
    expect(nameEl.getAttribute('title')).toBe(name);
    // The countdown badge sits on the next line, not beside the name where it would cut it off.
    const badge = within(row).getByText(/^Connected/);
    expect(nameEl.parentElement!.contains(badge)).toBe(false);
    expect(nameEl.parentElement!.textContent).toBe(name);
  });

  it('shows name, provider, grant, status and scope, and filters', async () => {
    load([
      makeSummary(
        { name: 'GitHub personal', provider: 'github', grantType: 'authorization_code' },
        { state: 'needs_authorization' },
      ),
      makeSummary(
        { name: 'Billing service' },
        { state: 'connected', expiresAt: Date.now() + 600_000, scope: 'billing.read' },
      ),
    ]);
    const user = userEvent.setup();
    render(<CredentialList />);
    const billing = screen.getByRole('option', { name: /Billing service/ });
    expect(billing.textContent).toMatch(/Connected · expires in \d\d:\d\d/);
    expect(billing.textContent).toMatch(/Custom · Client credentials · billing\.read/);
    expect(screen.getByRole('option', { name: /GitHub personal/ }).textContent).toMatch(
      /GitHub · Authorization code.*Needs authorization|Needs authorization.*GitHub · Authorization code/,
    );

    await user.type(screen.getByRole('searchbox', { name: 'Filter credentials' }), 'github');
    expect(
      within(screen.getByRole('listbox', { name: 'Credential list' }))
        .getAllByRole('option')
        .map((o) => o.querySelector('.credential-name')?.textContent),
    ).toEqual(['GitHub personal']);
    expect(screen.getByText('1 of 2 credentials')).toBeTruthy();
  });

  it('moves the selection with the arrow keys', async () => {
    load(['Alpha', 'Bravo', 'Charlie'].map((name) => makeSummary({ name })));
    const user = userEvent.setup();
    render(<CredentialList />);
    const listbox = screen.getByRole('listbox', { name: 'Credential list' });
    listbox.focus();
    await user.keyboard('{ArrowDown}');
    expect(within(listbox).getByRole('option', { selected: true }).textContent).toMatch(/Alpha/);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(within(listbox).getByRole('option', { selected: true }).textContent).toMatch(/Charlie/);
    await user.keyboard('{ArrowUp}');
    expect(within(listbox).getByRole('option', { selected: true }).textContent).toMatch(/Bravo/);
    expect(listbox.getAttribute('aria-activedescendant')).toBe(
      `credential-${useAppStore.getState().selectedId}`,
    );
  });

  it('renders only a window of rows for 1,000 credentials', () => {
    load(
      Array.from({ length: 1000 }, (_, i) =>
        makeSummary({ name: `Service ${String(i).padStart(4, '0')}` }),
      ),
    );
    render(<CredentialList />);
    const rows = within(screen.getByRole('listbox', { name: 'Credential list' })).getAllByRole(
      'option',
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]!.textContent).toMatch(/Service 0000/);
    expect(screen.getByText('1000 of 1000 credentials')).toBeTruthy();
    // How fast that is belongs to the benchmarks (npm run bench), not to a timed assertion here.
  });
});
