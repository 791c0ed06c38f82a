// @vitest-environment jsdom
// Browser mode says which redirect URI the sign-in really sends, so the user registers that one.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { AppInfo, ProviderPreset } from '../../../../src/shared/status';
import '../support/setup';

const CUSTOM: ProviderPreset = { id: 'custom', label: 'Custom', scopes: '', grantTypes: [] };

function renderIn(mode: AppInfo['mode']) {
  useAppStore.setState({
    presets: [CUSTOM],
    appInfo: { mode, appScheme: { registered: mode === 'electron', note: null } } as AppInfo,
  });
  render(<CredentialForm onDone={vi.fn()} />);
  return userEvent.setup();
}

describe('the redirect URI a sign-in sends', () => {
  it('browser mode names the loopback URI it sends instead of oauthdesk://callback', () => {
    renderIn('browser');
    const note = screen.getByRole('note');
    expect(note.textContent).toContain(
      'In browser mode the sign-in sends http://127.0.0.1:<port>/callback',
    );
    expect(note.textContent).toContain('Register http://127.0.0.1/callback');
  });

  it('a fixed loopback port is sent as written: nothing to add', async () => {
    const user = renderIn('browser');
    const field = screen.getByLabelText('Redirect URI', { exact: true });
    await user.clear(field);
    await user.type(field, 'http://127.0.0.1:8765/callback');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('the app with its embedded window sends the configured URI: no note', () => {
    renderIn('electron');
    expect(screen.queryByRole('note')).toBeNull();
  });
});
