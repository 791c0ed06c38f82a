// @vitest-environment jsdom
// The mTLS methods (RFC 8705 §2) take a client certificate in the secret's place: certificate and
// key (PEM) or a PKCS#12 file, with a passphrase. What is typed goes out as the secret only; the
// registered subject, the CA bundle and the API switch go out as configuration; a stored
// certificate is shown as stored, never filled in.
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { makeSummary } from '../support/fixtures';
import { env } from '../support/setup';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----';

const mtls = (hasClientSecret: boolean) =>
  makeSummary(
    {
      name: 'Payments',
      grantType: 'client_credentials',
      tokenUrl: 'https://as.example/token',
      clientAuth: 'tls_client_auth',
      tlsClientAuthSubject: { kind: 'tls_client_auth_subject_dn', value: 'CN=payments' },
      caBundle: CA,
    },
    {},
    { hasClientSecret },
  );

const change = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('client certificate in the credential form', () => {
  it('sends certificate, key and passphrase as the secret, the subject and CA bundle as fields', async () => {
    const user = userEvent.setup();
    const summary = mtls(false);
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    expect((screen.getByLabelText('CA bundle') as HTMLTextAreaElement).value).toBe(CA);
    change('Certificate', CERT);
    change('Certificate private key', KEY);
    await user.type(screen.getByLabelText('Key passphrase'), 'pass-phrase');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const { input } = env.api.updateCredential.mock.calls[0]![0];
    expect(input.clientSecret.kind).toBe('set');
    expect(JSON.parse(input.clientSecret.value)).toEqual({
      format: 'pem',
      certificate: CERT,
      privateKey: KEY,
      passphrase: 'pass-phrase',
    });
    expect(input.fields.tlsClientAuthSubject).toEqual({
      kind: 'tls_client_auth_subject_dn',
      value: 'CN=payments',
    });
    expect(input.fields.caBundle).toBe(CA);
    expect(JSON.stringify(input.fields)).not.toContain('MIIBkey');
  });

  it('sends a PKCS#12 file with its passphrase as base64', async () => {
    const user = userEvent.setup();
    const summary = mtls(false);
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Certificate format'), 'pkcs12');
    const file = new File([new Uint8Array([0x30, 0x82, 0x01, 0xff])], 'client.p12');
    await user.upload(screen.getByLabelText('PKCS#12 file'), file);
    await screen.findByText('File read.');
    await user.type(screen.getByLabelText('PKCS#12 passphrase'), 'p12-pass');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const { input } = env.api.updateCredential.mock.calls[0]![0];
    expect(JSON.parse(input.clientSecret.value)).toEqual({
      format: 'pkcs12',
      pkcs12: 'MIIB/w==',
      passphrase: 'p12-pass',
    });
  });

  it('keeps a stored certificate when nothing is typed, and says it is stored', async () => {
    const user = userEvent.setup();
    const summary = mtls(true);
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    expect(screen.getByText(/A certificate is stored — leave these blank to keep it/)).toBeTruthy();
    expect((screen.getByLabelText('Certificate') as HTMLTextAreaElement).value).toBe('');
    // Half an entry (a certificate without its key) does not replace the stored one.
    change('Certificate', CERT);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential.mock.calls[0]![0].input.clientSecret).toEqual({
      kind: 'keep',
    });
  });

  it('does not send a typed client secret as a certificate after switching to an mTLS method', async () => {
    const user = userEvent.setup();
    const summary = makeSummary(
      { grantType: 'client_credentials', tokenUrl: 'https://as.example/token' },
      {},
      { hasClientSecret: true },
    );
    env.api.updateCredential.mockResolvedValue({ ok: true, value: summary });
    render(<CredentialForm editing={summary} onDone={vi.fn()} />);
    await user.type(screen.getByLabelText('Client secret'), 'typed-secret');
    await user.selectOptions(
      screen.getByLabelText('Client authentication'),
      'self_signed_tls_client_auth',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential.mock.calls[0]![0].input.clientSecret).toEqual({
      kind: 'keep',
    });
  });
});
