// @vitest-environment jsdom
// Inline validation: the same rules main applies, shown next to each field and wired for
// screen readers; main's own field errors land on the same fields.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { env } from '../support/setup';

function errorOf(label: string): string | null {
  const control = screen.getByLabelText(label);
  if (control.getAttribute('aria-invalid') !== 'true') return null;
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    ids.map((id) => document.getElementById(id)).find((el) => el?.className === 'field-error')
      ?.textContent ?? null
  );
}

describe('credential form validation', () => {
  it('names every missing field on submit and does not call main', async () => {
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Client credentials');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));

    expect(errorOf('Name')).toBe('Name is required');
    expect(errorOf('Client ID')).toBe('Client ID is required');
    expect(errorOf('Token URL')).toBe('Token URL is required for the client credentials grant');
    expect(errorOf('Client secret')).toBe(
      'Client secret is required for the client credentials grant',
    );
    expect(screen.getByRole('alert').textContent).toMatch(/need attention/);
    expect(env.api.createCredential).not.toHaveBeenCalled();
  });

  it('explains why a plain-http provider URL is refused, once the field is left', async () => {
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    const tokenUrl = screen.getByLabelText('Token URL');
    await user.type(tokenUrl, 'http://auth.example.com/token');
    expect(errorOf('Token URL')).toBeNull();
    await user.tab();
    expect(errorOf('Token URL')).toMatch(
      /must use https:\/\/ \(plain http:\/\/ is only allowed for 127\.0\.0\.1/,
    );

    await user.clear(tokenUrl);
    await user.type(tokenUrl, 'http://127.0.0.1:4000/token');
    expect(errorOf('Token URL')).toBeNull();
  });

  it('refuses PKCE off for a public client', async () => {
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('PKCE method'), 'off');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(errorOf('PKCE method')).toMatch(/only be turned off for confidential clients/);
  });

  it("sends only the fields of the chosen grant and shows main's field errors inline", async () => {
    const user = userEvent.setup();
    env.api.createCredential.mockResolvedValue({
      ok: false,
      error: {
        code: 'conflict',
        message: 'A credential named "API" already exists: choose another name.',
        fields: { name: 'A credential named "API" already exists' },
      },
    });
    const onDone = vi.fn();
    render(<CredentialForm onDone={onDone} />);
    await user.type(
      screen.getByLabelText('Authorization URL'),
      'https://auth.example.com/authorize',
    );
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Client credentials');
    await user.type(screen.getByLabelText('Name'), 'API');
    await user.type(screen.getByLabelText('Token URL'), 'https://auth.example.com/token');
    await user.type(screen.getByLabelText('Client ID'), 'my-client');
    await user.type(screen.getByLabelText('Client secret'), 's3cret-value');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));

    expect(env.api.createCredential).toHaveBeenCalledTimes(1);
    const input = env.api.createCredential.mock.calls[0]![0];
    expect(input.fields).toMatchObject({
      name: 'API',
      grantType: 'client_credentials',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'my-client',
    });
    // The authorization URL typed before switching grants is not part of a client-credentials config.
    expect(input.fields.authorizationUrl).toBeUndefined();
    expect(input.clientSecret).toEqual({ kind: 'set', value: 's3cret-value' });
    expect(errorOf('Name')).toBe('A credential named "API" already exists');
    expect(onDone).not.toHaveBeenCalled();
  });
});
