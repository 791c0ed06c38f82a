// @vitest-environment jsdom
// The form shows exactly the fields each grant type uses, with defaults filled in.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ProviderPreset } from '../../../../src/shared/status';
import '../support/setup';

const MAIN_LABELS = [
  'Authorization URL',
  'Token URL',
  'Device authorization URL',
  'Client ID',
  'Client secret',
  'Client authentication',
  'PKCE method',
  'Redirect URI',
  'Scopes',
  'Audience',
  'Resource',
  'Username',
  'Password',
  'Open sign-in in',
];

const EXPECTED: Record<string, string[]> = {
  'Client credentials': [
    'Token URL',
    'Client ID',
    'Client secret',
    'Client authentication',
    'Scopes',
    'Audience',
    'Resource',
  ],
  'Authorization code': [
    'Authorization URL',
    'Token URL',
    'Client ID',
    'Client secret',
    'PKCE method',
    'Redirect URI',
    'Scopes',
    'Open sign-in in',
  ],
  Password: [
    'Token URL',
    'Client ID',
    'Client secret',
    'Client authentication',
    'Username',
    'Password',
    'Scopes',
  ],
  'Implicit (legacy)': [
    'Authorization URL',
    'Client ID',
    'Redirect URI',
    'Scopes',
    'Open sign-in in',
  ],
  'Device code': ['Device authorization URL', 'Token URL', 'Client ID', 'Scopes'],
};

function mainSection() {
  return within(screen.getByRole('group', { name: 'Credential' }));
}

describe('credential form fields per grant type', () => {
  for (const [grant, expected] of Object.entries(EXPECTED)) {
    it(`shows only the ${grant} fields`, async () => {
      const user = userEvent.setup();
      render(<CredentialForm onDone={vi.fn()} />);
      await user.selectOptions(screen.getByLabelText('Grant type'), grant);
      const section = mainSection();
      const shown = MAIN_LABELS.filter(
        (label) => section.queryByLabelText(label, { exact: true }) !== null,
      );
      expect([...shown].sort()).toEqual([...expected].sort());
    });
  }

  it('fills the redirect URI and header prefix defaults and hints how to register the redirect URI', () => {
    render(<CredentialForm onDone={vi.fn()} />);
    const redirect = screen.getByLabelText('Redirect URI');
    expect(redirect).toHaveProperty('value', 'oauthdesk://callback');
    const hint = document.getElementById(
      redirect.getAttribute('aria-describedby')!.split(' ').at(-1)!,
    );
    expect(hint?.textContent).toMatch(/registered at the provider exactly as written/);
    expect(screen.getByLabelText('Header prefix')).toHaveProperty('value', 'Bearer');
  });

  it('with the system browser and oauthdesk:// in a run that cannot receive it, says that the loopback redirect is used', async () => {
    const note =
      'On macOS and Linux only the packaged app (npm run package) can receive oauthdesk:// links. System-browser sign-ins use the RFC 8252 loopback redirect (http://127.0.0.1:<port>/callback) instead; register that at the provider.';
    useAppStore.setState({
      appInfo: {
        mode: 'electron',
        secretProtection: 'OS keychain',
        encryptionAvailable: true,
        encryptionProblem: null,
        dataDir: '/tmp',
        storageWarnings: [],
        appScheme: { registered: false, note },
      } as unknown as NonNullable<ReturnType<typeof useAppStore.getState>['appInfo']>,
    });
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Authorization code');
    await user.selectOptions(screen.getByLabelText('Open sign-in in'), 'System browser');
    const redirect = screen.getByLabelText('Redirect URI');
    const hintOf = () =>
      document.getElementById(redirect.getAttribute('aria-describedby')!.split(' ').at(-1)!)
        ?.textContent;
    expect(hintOf()).toContain(note);
    await user.clear(redirect);
    await user.type(redirect, 'http://127.0.0.1:8765/callback');
    expect(hintOf()).not.toContain(note);
    expect(hintOf()).toContain('use a loopback address');
  });

  it('fills endpoints, scopes and grant choices from a provider preset', async () => {
    const github: ProviderPreset = {
      id: 'github',
      label: 'GitHub',
      authorizationUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      deviceAuthorizationUrl: 'https://github.com/login/device/code',
      scopes: 'read:user',
      grantTypes: ['authorization_code', 'device_code'],
      clientAuth: 'body',
      notes: 'Register an OAuth App under Settings → Developer settings.',
    };
    useAppStore.setState({ presets: [github] });
    const user = userEvent.setup();
    render(<CredentialForm onDone={vi.fn()} />);
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'GitHub');

    expect(screen.getByLabelText('Authorization URL')).toHaveProperty(
      'value',
      github.authorizationUrl,
    );
    expect(screen.getByLabelText('Token URL')).toHaveProperty('value', github.tokenUrl);
    expect(screen.getByLabelText('Scopes')).toHaveProperty('value', 'read:user');
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'GitHub');
    expect(screen.getByText(/Developer settings/)).toBeTruthy();
    const grants = within(screen.getByLabelText('Grant type'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(grants).toEqual(['Authorization code', 'Device code']);
  });

  it('fills endpoints from a discovered issuer', async () => {
    const user = userEvent.setup();
    const { api } = await import('../support/setup').then((m) => m.env);
    api.discoverIssuer.mockResolvedValue({
      ok: true,
      value: {
        issuer: 'https://id.example.com',
        authorizationUrl: 'https://id.example.com/auth',
        tokenUrl: 'https://id.example.com/token',
        grantTypesSupported: ['authorization_code', 'client_credentials'],
      },
    });
    render(<CredentialForm onDone={vi.fn()} />);
    await user.type(screen.getByLabelText('Discover from issuer URL'), 'https://id.example.com');
    await user.click(screen.getByRole('button', { name: 'Discover' }));

    expect(api.discoverIssuer).toHaveBeenCalledWith({ issuer: 'https://id.example.com' });
    expect(await screen.findByDisplayValue('https://id.example.com/auth')).toBeTruthy();
    expect(screen.getByLabelText('Token URL')).toHaveProperty(
      'value',
      'https://id.example.com/token',
    );
  });
});
