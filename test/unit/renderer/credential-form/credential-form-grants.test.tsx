// @vitest-environment jsdom
// The JWT bearer and token exchange forms: their fields, the Google service-account key import
// (the key fills the write-only signing-key input and is sent only as a secret on save), and the
// subject and actor tokens' sources choosing which field is shown (a pasted actor token is
// write-only like every secret).
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { env } from '../support/setup';

const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\n-----END PRIVATE KEY-----';
const keyFile = (content: Record<string, unknown>) =>
  new File([JSON.stringify(content)], 'desk-project-abc123.json', { type: 'application/json' });
const serviceAccount = {
  type: 'service_account',
  project_id: 'desk-project',
  private_key_id: 'abc123',
  private_key: KEY,
  client_email: 'desk@desk-project.iam.gserviceaccount.com',
  client_id: '1234567890',
  token_uri: 'https://oauth2.googleapis.com/token',
};

const main = () => within(screen.getByRole('group', { name: 'Credential' }));
const valueOf = (label: string) => (main().getByLabelText(label) as HTMLInputElement).value;

describe('JWT bearer form', () => {
  it('imports a service-account key file: the fields are filled and the key goes only into the secret input', async () => {
    const user = userEvent.setup();
    env.api.createCredential.mockResolvedValue({ ok: true, value: makeSummary({}) });
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'JWT bearer (RFC 7523)');
    await user.type(screen.getByLabelText('Name'), 'Drive reader');
    await user.upload(
      main().getByLabelText('Import a Google service-account key (JSON)'),
      keyFile(serviceAccount),
    );
    expect(await screen.findByText(/Read the key of desk@desk-project/)).toBeTruthy();
    expect(valueOf('Issuer (iss)')).toBe('desk@desk-project.iam.gserviceaccount.com');
    expect(valueOf('Token URL')).toBe('https://oauth2.googleapis.com/token');
    expect(valueOf('Client ID')).toBe('1234567890');
    expect(
      (main().getByLabelText('Scopes in the assertion (Google)') as HTMLInputElement).checked,
    ).toBe(true);
    const keyInput = main().getByLabelText('Assertion signing key') as HTMLInputElement;
    expect(keyInput.type).toBe('password');
    // A one-line input drops the PEM's line breaks (HTML value sanitization); main rewraps them.
    const oneLine = KEY.replace(/\n/g, '');
    expect(keyInput.value === oneLine).toBe(true);
    await user.type(main().getByLabelText('Subject (sub)'), 'alice@example.com');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(env.api.createCredential).toHaveBeenCalledTimes(1);
    const { fields, password } = env.api.createCredential.mock.calls[0]![0];
    expect(fields).toMatchObject({
      grantType: 'jwt_bearer',
      assertionIssuer: 'desk@desk-project.iam.gserviceaccount.com',
      assertionSubject: 'alice@example.com',
      assertionKeyId: 'abc123',
      scopeAsClaim: true,
    });
    expect(JSON.stringify(fields).includes('PRIVATE KEY')).toBe(false);
    // The form's own value keeps the file's PEM as it was; compared as a boolean, never shown.
    expect(password.kind).toBe('set');
    expect(password.value === KEY).toBe(true);
  });

  it('says what is wrong with a file that is not a service-account key, and fills nothing', async () => {
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'JWT bearer (RFC 7523)');
    await user.upload(
      main().getByLabelText('Import a Google service-account key (JSON)'),
      keyFile({ type: 'authorized_user', client_id: 'x', refresh_token: 'y' }),
    );
    expect(await screen.findByText(/user sign-in file .*not a service-account key/)).toBeTruthy();
    expect(valueOf('Issuer (iss)')).toBe('');
    expect(valueOf('Assertion signing key')).toBe('');
  });
});

describe('token exchange form', () => {
  it('offers the other credentials as the subject, and a pasted token field only when pasting', async () => {
    const user = userEvent.setup();
    const other = makeSummary({ name: 'Upstream login', grantType: 'authorization_code' });
    useAppStore.setState({ credentials: { [other.config.id]: other } });
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Token exchange (RFC 8693)');
    expect(main().queryByLabelText('Subject token')).toBeNull();
    await user.selectOptions(main().getByLabelText('Subject credential'), 'Upstream login');
    await user.selectOptions(main().getByLabelText('Subject token type'), 'id_token');
    expect(valueOf('Subject credential')).toBe(other.config.id);
    await user.selectOptions(main().getByLabelText('Subject token from'), 'pasted');
    expect(main().queryByLabelText('Subject credential')).toBeNull();
    const pasted = main().getByLabelText('Subject token') as HTMLInputElement;
    expect(pasted.type).toBe('password');
    // A pasted token may be of any RFC 8693 §3 type.
    await user.selectOptions(main().getByLabelText('Subject token type'), 'saml2');
    expect(valueOf('Subject token type')).toBe('saml2');
  });
});

describe('token exchange form: the actor token', () => {
  const advanced = () => within(screen.getByRole('group', { name: 'Advanced' }));

  it('takes a pasted actor token into a write-only input, sent only as a secret on save', async () => {
    const user = userEvent.setup();
    const subject = makeSummary({ name: 'Upstream login' });
    const actor = makeSummary({ name: 'Acting service' });
    useAppStore.setState({
      credentials: { [subject.config.id]: subject, [actor.config.id]: actor },
    });
    env.api.createCredential.mockResolvedValue({ ok: true, value: makeSummary({}) });
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Token exchange (RFC 8693)');
    await user.type(screen.getByLabelText('Name'), 'Delegated');
    await user.type(main().getByLabelText('Token URL'), 'https://auth.example.com/token');
    await user.type(main().getByLabelText('Client ID'), 'exchanger');
    await user.selectOptions(main().getByLabelText('Subject credential'), 'Upstream login');
    await user.click(screen.getByText('Advanced'));
    // From a credential by default: the credential picker, no token input.
    expect(valueOf('Subject credential')).toBe(subject.config.id);
    expect(advanced().getByLabelText('Actor credential')).toBeTruthy();
    expect(advanced().queryByLabelText('Actor token')).toBeNull();

    await user.selectOptions(advanced().getByLabelText('Actor token from'), 'pasted');
    expect(advanced().queryByLabelText('Actor credential')).toBeNull();
    const input = advanced().getByLabelText('Actor token') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.getAttribute('aria-required')).toBe('true');
    await user.type(input, 'pasted-actor-token');
    // A pasted token may be of any RFC 8693 §3 type, as a pasted subject token may.
    await user.selectOptions(advanced().getByLabelText('Actor token type'), 'jwt');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));

    expect(env.api.createCredential).toHaveBeenCalledTimes(1);
    const sent = env.api.createCredential.mock.calls[0]![0];
    expect(sent.fields).toMatchObject({
      grantType: 'token_exchange',
      actorTokenSource: 'pasted',
      actorTokenType: 'jwt',
    });
    expect(sent.fields.actorCredential).toBeUndefined();
    expect(JSON.stringify(sent.fields).includes('pasted-actor-token')).toBe(false);
    expect(sent.actorToken).toEqual({ kind: 'set', value: 'pasted-actor-token' });
  });

  it('shows a stored actor token only as stored: blank keeps it, Clear removes it', async () => {
    const user = userEvent.setup();
    const subject = makeSummary({ name: 'Upstream login' });
    const editing = {
      ...makeSummary({
        name: 'Delegated',
        grantType: 'token_exchange',
        subjectCredential: subject.config.id,
        subjectTokenType: 'access_token',
        actorTokenSource: 'pasted',
        actorTokenType: 'access_token',
      }),
      hasActorToken: true,
    };
    useAppStore.setState({ credentials: { [subject.config.id]: subject } });
    env.api.updateCredential.mockResolvedValue({ ok: true, value: editing });
    render(<CredentialForm editing={editing} onDone={vi.fn()} />);
    await user.click(screen.getByText('Advanced'));
    const input = advanced().getByLabelText('Actor token') as HTMLInputElement;
    expect(input.value).toBe('');
    expect(input.placeholder).toBe('Stored — leave blank to keep');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(env.api.updateCredential.mock.calls.at(-1)![0].input.actorToken).toEqual({
      kind: 'keep',
    });

    await user.click(advanced().getByRole('button', { name: 'Clear actor token' }));
    // Cleared and none taken from a credential either: the form says it is needed.
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await advanced().findByText(/Actor token is required: paste it/)).toBeTruthy();
    await user.selectOptions(advanced().getByLabelText('Actor token from'), 'credential');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const last = env.api.updateCredential.mock.calls.at(-1)![0].input;
    // Not sent as pasted any more; main removes the stored token (credential-crud.ts).
    expect(last.fields.actorTokenSource).toBeUndefined();
    expect(last.actorToken).toEqual({ kind: 'keep' });
  });
});

describe('DPoP on the extension grants', () => {
  it.each(['JWT bearer (RFC 7523)', 'Token exchange (RFC 8693)'])(
    '%s offers "Bind tokens with DPoP" under Advanced',
    async (grant) => {
      const user = userEvent.setup();
      render(<CredentialForm onDone={vi.fn()} />);
      await user.selectOptions(screen.getByLabelText('Grant type'), grant);
      await user.click(screen.getByText('Advanced'));
      const dpop = screen.getByLabelText('Bind tokens with DPoP') as HTMLInputElement;
      expect(dpop.checked).toBe(false);
      await user.click(dpop);
      expect(dpop.checked).toBe(true);
    },
  );
});
