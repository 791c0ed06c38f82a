// @vitest-environment jsdom
// Toasts while a modal dialog is open: showModal() makes everything outside the dialog inert, so
// the toasts must live inside the dialog's layer to stay visible, dismissible and announced.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceCodeDialog } from '../../../../src/renderer/src/features/credentials/device-code-dialog';
import {
  SUCCESS_TOAST_MS,
  VISIBLE_TOASTS,
} from '../../../../src/renderer/src/features/notifications/notifications-slice';
import { Toasts } from '../../../../src/renderer/src/features/notifications/toasts';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const showDeviceCode = () =>
  act(() =>
    useAppStore.getState().showDeviceCode({
      credentialId: 'cred-tv',
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://example.com/device',
      verificationUriComplete: null,
      expiresAt: Date.now() + 600_000,
    }),
  );

const notify = (kind: 'error' | 'success', message: string) =>
  act(() => void useAppStore.getState().notify(kind, message));

describe('toasts', () => {
  it('are live regions in the page when no dialog is open', async () => {
    render(<Toasts />);
    notify('error', 'Token request failed: invalid_client');
    notify('success', 'Orders API is authorized.');
    expect(screen.getByRole('alert').textContent).toContain('invalid_client');
    expect(screen.getByRole('status').textContent).toContain('Orders API is authorized.');
    await userEvent
      .setup()
      .click(
        within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss notification' }),
      );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('move into an open dialog, stay dismissible there, and come back when it closes', async () => {
    env.api.cancelAuthorization.mockResolvedValue(ok({ cancelled: true }));
    const user = userEvent.setup();
    render(
      <>
        <DeviceCodeDialog />
        <Toasts />
      </>,
    );
    notify('error', 'Earlier failure');
    showDeviceCode();
    const dialog = screen.getByRole('dialog', { name: 'Approve this device' });
    // A toast shown before the dialog opened is not left behind the inert page.
    expect(dialog.contains(screen.getByRole('alert'))).toBe(true);

    notify('success', 'Copied the code.');
    notify('error', 'The device code was denied.');
    const alerts = within(dialog).getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      expect.stringContaining('Earlier failure'),
      expect.stringContaining('denied'),
    ]);
    expect(within(dialog).getByRole('status').textContent).toContain('Copied the code.');

    await user.click(within(alerts[0]!).getByRole('button', { name: 'Dismiss notification' }));
    expect(within(dialog).getAllByRole('alert')).toHaveLength(1);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('denied');
    expect(document.body.contains(screen.getByRole('alert'))).toBe(true);
  });
});

describe('toast lifetimes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('close a success by itself; keep an error until dismissed', () => {
    vi.useFakeTimers();
    render(<Toasts />);
    notify('error', 'Token request failed: invalid_client');
    notify('success', 'Orders API is authorized.');
    act(() => vi.advanceTimersByTime(SUCCESS_TOAST_MS));
    expect(screen.queryByRole('status')).toBeNull();
    act(() => vi.advanceTimersByTime(10 * SUCCESS_TOAST_MS));
    expect(screen.getByRole('alert').textContent).toContain('invalid_client');
  });

  it('replace an error when a later outcome for the same credential arrives', () => {
    render(<Toasts />);
    act(
      () =>
        void useAppStore
          .getState()
          .notify('error', 'Orders API: invalid_client', { subject: 'cred-orders' }),
    );
    act(
      () =>
        void useAppStore
          .getState()
          .notify('error', 'Billing API: timeout', { subject: 'cred-billing' }),
    );
    act(
      () =>
        void useAppStore
          .getState()
          .notify('success', 'Fetched a new token for Orders API', { subject: 'cred-orders' }),
    );
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      expect.stringContaining('Billing API'),
    ]);
    expect(screen.getByRole('status').textContent).toContain('Orders API');
  });

  it('show the newest few and count the rest', async () => {
    render(<Toasts />);
    for (let i = 1; i <= VISIBLE_TOASTS + 2; i++) notify('error', `Failure ${i}`);
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(
      Array.from({ length: VISIBLE_TOASTS }, (_, i) => expect.stringContaining(`Failure ${i + 3}`)),
    );
    expect(screen.getByText('2 older notifications')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/older notification/)).toBeNull();
  });
});
