// @vitest-environment jsdom
// RFC 8628 device flow prompt: the user code large, a copy button, the link and a countdown.
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DeviceCodeDialog } from '../../../../src/renderer/src/features/credentials/device-code-dialog';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

describe('device code dialog', () => {
  it('shows the code, the verification link and a countdown; Cancel stops the flow', async () => {
    env.api.cancelAuthorization.mockResolvedValue(ok({ cancelled: true }));
    render(<DeviceCodeDialog />);
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() =>
      useAppStore.getState().showDeviceCode({
        credentialId: 'cred-tv',
        userCode: 'WDJB-MJHT',
        verificationUri: 'https://example.com/device',
        verificationUriComplete: 'https://example.com/device?user_code=WDJB-MJHT',
        expiresAt: Date.now() + 600_000,
      }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Approve this device' });
    expect(screen.getByLabelText('User code').textContent).toBe('WDJB-MJHT');
    expect(screen.getByRole('link', { name: /example\.com\/device/ }).getAttribute('href')).toBe(
      'https://example.com/device?user_code=WDJB-MJHT',
    );
    expect(dialog.textContent).toMatch(/expires in (10:00|09:5\d)/);
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(env.api.cancelAuthorization).toHaveBeenCalledWith({ id: 'cred-tv' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
