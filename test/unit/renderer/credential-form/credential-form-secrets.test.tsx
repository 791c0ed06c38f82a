// @vitest-environment jsdom
// Secrets are write-only: editing shows that one is stored, never its value, and lets the user
// keep, replace or clear it.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { makeSummary } from '../support/fixtures';
import { env } from '../support/setup';

const stored = () =>
  makeSummary(
    { name: 'Billing API', grantType: 'password', username: 'alice' },
    {},
    { hasClientSecret: true, hasPassword: true },
  );

describe('secrets in the credential form', () => {
  it('shows a stored secret as "Stored" with an empty input and never asks main for it', () => {
    const summary = stored();
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    for (const label of ['Client secret', 'Password']) {
      const input = screen.getByLabelText(label) as HTMLInputElement;
      expect(input.type).toBe('password');
      expect(input.value).toBe('');
      expect(input.placeholder).toBe('Stored — leave blank to keep');
    }
    expect(env.api.revealToken).not.toHaveBeenCalled();
    expect(env.api.getCredential).not.toHaveBeenCalled();
  });

  it('keeps a stored secret left blank, sets a typed one and clears on request', async () => {
    const user = userEvent.setup();
    const summary = stored();
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.type(screen.getByLabelText('Password'), 'new-password');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential).toHaveBeenCalledTimes(1);
    const { id, input } = env.api.updateCredential.mock.calls[0]![0];
    expect(id).toBe(summary.config.id);
    expect(input.clientSecret).toEqual({ kind: 'keep' });
    expect(input.password).toEqual({ kind: 'set', value: 'new-password' });

    // A public client (RFC 6749 §4.3.2) may drop its client secret: the password grant still saves.
    await user.click(screen.getByRole('button', { name: 'Clear client secret' }));
    expect(screen.getByText(/Will be removed when you save/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential).toHaveBeenCalledTimes(2);
    expect(env.api.updateCredential.mock.calls[1]![0].input.clientSecret).toEqual({
      kind: 'clear',
    });
  });

  it('sends an explicit clear for an optional secret', async () => {
    const user = userEvent.setup();
    const summary = makeSummary(
      { grantType: 'authorization_code', authorizationUrl: 'https://a.example/auth' },
      {},
      { hasClientSecret: true },
    );
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Clear client secret' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential.mock.calls[0]![0].input.clientSecret).toEqual({
      kind: 'clear',
    });
  });
});
