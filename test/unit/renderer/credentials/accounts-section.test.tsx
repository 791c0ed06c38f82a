// @vitest-environment jsdom
// The detail's Accounts section: Make default and Sign out name the account by its key
// (`credential~environment~account`); a password-grant credential adds an account with a username
// and password, which go to main once and are not kept on the page.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AccountsSection } from '../../../../src/renderer/src/features/credentials/accounts-section';
import type { CredentialSummary } from '../../../../src/shared/status';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

function withAccounts(grantType: 'authorization_code' | 'password'): CredentialSummary {
  const summary = makeSummary({ grantType, name: 'Orders API' }, { state: 'connected' });
  return {
    ...summary,
    environment: { id: 'default', name: 'Default', color: 'grey', production: false },
    accounts: [
      { id: 'first', name: 'alice', nameSource: 'claims', default: true, signedIn: true },
      {
        id: 'acct-b',
        name: grantType === 'password' ? '' : 'bob',
        nameSource: grantType === 'password' ? 'none' : 'claims',
        ...(grantType === 'password' ? { username: 'bob@example.test' } : {}),
        default: false,
        signedIn: false,
      },
    ],
  };
}

describe('accounts section', () => {
  it('Make default and Sign out act on that account only', async () => {
    const summary = withAccounts('authorization_code');
    env.api.setDefaultAccount.mockResolvedValue(ok(summary));
    env.api.signOutAccount.mockResolvedValue(
      ok({ summary, provider: 'revoked', message: 'alice is signed out.' }),
    );
    const user = userEvent.setup();
    render(<AccountsSection summary={summary} />);
    const bob = screen.getByRole('listitem', { name: 'Account bob' });
    expect(within(bob).getByText('not signed in')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Make bob the default account' }));
    expect(env.api.setDefaultAccount).toHaveBeenCalledWith({
      id: `${summary.config.id}~default~acct-b`,
    });
    await user.click(screen.getByRole('button', { name: 'Sign out alice' }));
    expect(env.api.signOutAccount).toHaveBeenCalledWith({
      id: `${summary.config.id}~default~first`,
    });
    // The default has no Make default; Add account signs in on the shown environment.
    expect(screen.queryByRole('button', { name: 'Make alice the default account' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Add account' })).toBeTruthy();
  });

  it('Rename names that account by its key and closes; Cancel sends nothing', async () => {
    const summary = withAccounts('authorization_code');
    env.api.renameAccount.mockResolvedValue(ok(summary));
    const user = userEvent.setup();
    render(<AccountsSection summary={summary} />);
    await user.click(screen.getByRole('button', { name: 'Rename bob' }));
    const form = screen.getByRole('form', { name: 'Rename bob' });
    const input = within(form).getByLabelText('Account name') as HTMLInputElement;
    expect(input.value).toBe('bob');
    expect(
      (within(form).getByRole('button', { name: 'Save name' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await user.clear(input);
    await user.type(input, 'Bob (QA tester)');
    await user.click(within(form).getByRole('button', { name: 'Save name' }));
    expect(env.api.renameAccount).toHaveBeenCalledWith({
      id: `${summary.config.id}~default~acct-b`,
      name: 'Bob (QA tester)',
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Rename bob' })).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Rename alice' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Rename alice' })).toBeNull();
    expect(env.api.renameAccount).toHaveBeenCalledTimes(1);
  });

  it('a password grant adds a username and password, and empties the fields after', async () => {
    const summary = withAccounts('password');
    env.api.addPasswordAccount.mockResolvedValue(ok(summary));
    const user = userEvent.setup();
    render(<AccountsSection summary={summary} />);
    expect(screen.getByRole('listitem', { name: 'Account bob@example.test' })).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Add account with a username and password' });
    const add = within(form).getByRole('button', { name: 'Add account' });
    expect((add as HTMLButtonElement).disabled).toBe(true);

    await user.type(within(form).getByLabelText('Username'), ' carol ');
    await user.type(within(form).getByLabelText('Password'), 'carol-password-value');
    await user.click(add);

    expect(env.api.addPasswordAccount).toHaveBeenCalledWith({
      id: summary.config.id,
      username: 'carol',
      password: 'carol-password-value',
    });
    await waitFor(() =>
      expect((within(form).getByLabelText('Password') as HTMLInputElement).value).toBe(''),
    );
    expect(document.body.innerHTML.includes('carol-password-value')).toBe(false);
  });
});
