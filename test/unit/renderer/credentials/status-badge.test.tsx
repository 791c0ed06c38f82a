// @vitest-environment jsdom
// The badge counts down live to the token's expiry.
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatusBadge } from '../../../../src/renderer/src/features/credentials/status-badge';
import { formatCountdown } from '../../../../src/renderer/src/ui/format';
import { makeSummary } from '../support/fixtures';
import '../support/setup';

describe('status badge countdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks down every second and changes state when main would: 30 s before the real expiry', () => {
    // A one-hour token with 95 s left: main renews it from 30 s before expiry (the refresh margin).
    const summary = makeSummary(
      { grantType: 'authorization_code' },
      {
        state: 'connected',
        expiresAt: Date.now() + 95_000,
        obtainedAt: Date.now() + 95_000 - 3_600_000,
        hasAccessToken: true,
      },
    );
    render(<StatusBadge summary={summary} />);
    expect(screen.getByText(/Connected/).textContent).toBe('Connected · expires in 01:05');
    act(() => vi.advanceTimersByTime(3000));
    expect(screen.getByText(/Connected/).textContent).toBe('Connected · expires in 01:02');
    act(() => vi.advanceTimersByTime(62_000));
    // Stale on screen: the badge says what main would say now, before main reports it. Signed in
    // without a refresh token, the user must act.
    const badge = screen.getByText('Needs authorization');
    expect(badge.className).toContain('badge-needs-authorization');
    expect(screen.queryByText(/Connected/)).toBeNull();
  });

  it('does not colour an expired token that renews itself as a problem', () => {
    const clientCredentials = makeSummary(
      { grantType: 'client_credentials' },
      { state: 'expired', hasAccessToken: true },
    );
    const { unmount } = render(<StatusBadge summary={clientCredentials} />);
    expect(screen.getByText(/^Expired/).textContent).toBe('Expired · renews on use');
    expect(screen.getByText(/^Expired/).className).toContain('badge-renewable');
    unmount();
    const withRefresh = makeSummary(
      { grantType: 'authorization_code' },
      { state: 'expired', hasRefreshToken: true },
    );
    render(<StatusBadge summary={withRefresh} />);
    expect(screen.getByText(/^Expired/).className).toContain('badge-renewable');
  });

  it('names the other states in words', () => {
    for (const [state, label] of [
      ['needs_authorization', 'Needs authorization'],
      ['expired', 'Expired'],
      ['not_connected', 'Not connected'],
      ['error', 'Error'],
    ] as const) {
      const { unmount } = render(
        <StatusBadge summary={makeSummary({ grantType: 'device_code' }, { state })} />,
      );
      expect(screen.getByText(label)).toBeTruthy();
      unmount();
    }
  });

  it('formats long and past durations', () => {
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(59_999)).toBe('00:59');
    expect(formatCountdown(-5000)).toBe('00:00');
  });
});
