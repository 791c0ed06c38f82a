// @vitest-environment jsdom
// private_key_jwt's "Generate key": main makes the key and answers with a handle and the public
// JWKS; the form shows the JWKS and saves the credential naming the handle, never a key value.
// Replacing a key asks first.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import type { GeneratedClientKey } from '../../../../src/shared/client-auth';
import { makeSummary } from '../support/fixtures';
import { env } from '../support/setup';

const HANDLE = '5b0f6a39-3f0c-4f55-9d6e-0d1c1e2f3a4b';
const answer = (alg: GeneratedClientKey['alg']): GeneratedClientKey => ({
  handle: HANDLE,
  alg,
  kid: 'thumb-1',
  jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'thumb-1', alg, use: 'sig' }] },
});

const keySigning = (hasClientSecret: boolean) =>
  makeSummary({ clientAuth: 'private_key_jwt', clientKeyAlg: 'ES256' }, {}, { hasClientSecret });

describe('Generate key in the credential form', () => {
  it('replacing a stored key asks first, and Keep current key generates nothing', async () => {
    const user = userEvent.setup();
    render(<CredentialForm editing={keySigning(true)} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    const ask = screen.getByRole('group', { name: 'Replace the private key?' });
    expect(ask.textContent).toContain('The current key keeps signing until you save');
    await user.click(screen.getByRole('button', { name: 'Keep current key' }));
    expect(screen.queryByRole('group', { name: 'Replace the private key?' })).toBeNull();
    expect(env.api.generateClientKey).not.toHaveBeenCalled();
  });

  it('a confirmed replacement shows the public JWKS and saves naming the handle', async () => {
    const user = userEvent.setup();
    const summary = keySigning(true);
    env.api.generateClientKey.mockResolvedValue({ ok: true, value: answer('ES256') });
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    await user.click(screen.getByRole('button', { name: 'Generate new key' }));
    expect(env.api.generateClientKey).toHaveBeenCalledWith({ alg: 'ES256' });
    const jwks = JSON.parse(screen.getByLabelText('Public JWKS').textContent ?? '');
    expect(jwks.keys[0]).toMatchObject({ kid: 'thumb-1', alg: 'ES256' });
    expect(screen.getByRole('button', { name: 'Copy public JWKS' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    const { input } = env.api.updateCredential.mock.calls[0]![0];
    expect(input.clientSecret).toEqual({ kind: 'generated', handle: HANDLE });
    expect(input.fields.clientKeyAlg).toBe('ES256');
  });

  it('a new credential without a key generates at once for the chosen algorithm and may save', async () => {
    const user = userEvent.setup();
    const summary = keySigning(false);
    env.api.generateClientKey.mockResolvedValue({ ok: true, value: answer('PS256') });
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Signing algorithm'), 'PS256');
    await user.type(screen.getByLabelText('Key ID (kid)'), 'desk-1');
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    expect(screen.queryByRole('group', { name: 'Replace the private key?' })).toBeNull();
    expect(env.api.generateClientKey).toHaveBeenCalledWith({ alg: 'PS256', kid: 'desk-1' });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential).toHaveBeenCalledTimes(1);
    expect(env.api.updateCredential.mock.calls[0]![0].input.clientSecret).toEqual({
      kind: 'generated',
      handle: HANDLE,
    });
  });

  it("main's refusal is shown where the button is", async () => {
    const user = userEvent.setup();
    env.api.generateClientKey.mockResolvedValue({
      ok: false,
      error: { code: 'encryption_unavailable', message: 'Secrets cannot be saved here.' },
    });
    render(<CredentialForm editing={keySigning(false)} onDone={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    expect(screen.getByRole('alert').textContent).toBe('Secrets cannot be saved here.');
  });
});
