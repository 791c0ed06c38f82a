// @vitest-environment jsdom
// Switching presets replaces what the old preset filled in (its name, its errors) and never
// silently overwrites scopes the user typed; required fields are marked before the first save;
// opening the form puts the focus on its first field.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ProviderPreset } from '../../../../src/shared/status';
import '../support/setup';

const GITHUB: ProviderPreset = {
  id: 'github',
  label: 'GitHub',
  scopes: 'read:user',
  grantTypes: ['authorization_code', 'device_code'],
  authorizationUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
};
const GOOGLE: ProviderPreset = {
  id: 'google',
  label: 'Google',
  scopes: 'openid email',
  grantTypes: ['authorization_code'],
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
};
const CUSTOM: ProviderPreset = { id: 'custom', label: 'Custom', scopes: '', grantTypes: [] };

function renderForm() {
  useAppStore.setState({ presets: [CUSTOM, GITHUB, GOOGLE] });
  const user = userEvent.setup();
  render(<CredentialForm onDone={vi.fn()} />);
  return user;
}

const value = (label: string) =>
  (screen.getByLabelText(label, { exact: true }) as HTMLInputElement).value;

describe('switching presets', () => {
  it("replaces the old preset's name and scopes when the user typed neither", async () => {
    const user = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'GitHub');
    expect(value('Name')).toBe('GitHub');
    expect(value('Scopes')).toBe('read:user');
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Google');
    expect(value('Name')).toBe('Google');
    expect(value('Scopes')).toBe('openid email');
    expect(value('Token URL')).toBe('https://oauth2.googleapis.com/token');
  });

  it('keeps typed scopes and a typed name, and asks whether to use or add the new scopes', async () => {
    const user = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'GitHub');
    await user.clear(screen.getByLabelText('Name', { exact: true }));
    await user.type(screen.getByLabelText('Name', { exact: true }), 'My app');
    await user.clear(screen.getByLabelText('Scopes'));
    await user.type(screen.getByLabelText('Scopes'), 'repo gist');
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Google');
    expect(value('Name')).toBe('My app');
    expect(value('Scopes')).toBe('repo gist');
    const choice = screen.getByRole('group', { name: 'Scopes from the preset' });
    expect(choice.textContent).toContain('Google suggests openid email');
    await user.click(screen.getByRole('button', { name: 'Add them to mine' }));
    expect(value('Scopes')).toBe('repo gist openid email');
    expect(screen.queryByRole('group', { name: 'Scopes from the preset' })).toBeNull();
  });

  it("clears the errors shown for the old preset's values", async () => {
    const user = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'GitHub');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(screen.getByLabelText('Client ID').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/need attention/);
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Google');
    expect(screen.getByLabelText('Client ID').getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('form guidance', () => {
  it('puts the focus on the first field when it opens', () => {
    renderForm();
    expect(document.activeElement).toBe(screen.getByLabelText('Provider preset'));
  });

  it('marks the fields the grant requires before the first save', async () => {
    const user = renderForm();
    await user.selectOptions(screen.getByLabelText('Grant type'), 'Client credentials');
    const requiredOnes = ['Name', 'Token URL', 'Client ID', 'Client secret'];
    for (const label of requiredOnes)
      expect(
        screen.getByLabelText(label, { exact: true }).getAttribute('aria-required'),
        label,
      ).toBe('true');
    expect(screen.getByLabelText('Scopes').getAttribute('aria-required')).toBeNull();
    expect(screen.getAllByText('required')).toHaveLength(requiredOnes.length);

    await user.selectOptions(screen.getByLabelText('Grant type'), 'Device code');
    expect(screen.getByLabelText('Device authorization URL').getAttribute('aria-required')).toBe(
      'true',
    );
    expect(screen.queryByLabelText('Redirect URI')).toBeNull();
  });
});
