// @vitest-environment jsdom
// The whole renderer against a fake main: loads on start, follows main's events, switches panes,
// and reports outcomes as status (success) or alert (failure) notifications.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../../../src/renderer/src/app';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
});

// The detail is its own chunk (right-pane.tsx): import it once up front, as the app prefetches
// it after the first screen, so a test waits for main's answer and not for the transform.
beforeAll(() => import('../../../../src/renderer/src/features/credentials/credential-detail'));

describe('app shell', () => {
  it('lists what main has, shows details on selection and follows change events', async () => {
    const summary = makeSummary({ name: 'Payments' }, { state: 'not_connected' });
    env.api.listCredentials.mockResolvedValue(ok([summary]));
    env.api.getTokenDetails.mockResolvedValue(ok({ status: summary.status, jwt: null }));
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('option', { name: /Payments/ }));
    // Its details come from main on selection (credentials:get), its detail in its own chunk.
    const detail = await screen.findByRole('article', { name: 'Credential Payments' });
    expect(env.api.getCredential).toHaveBeenCalledWith({ id: summary.config.id });
    expect(within(detail).getByText('Not connected')).toBeTruthy();

    env.api.emit('credentialChanged', {
      ...summary,
      status: { ...summary.status, state: 'needs_authorization' },
    });
    expect(await within(detail).findByText('Needs authorization')).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: 'Request tester' }));
    expect(screen.getByRole('tab', { name: 'Request tester' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(await screen.findByRole('textbox', { name: 'URL' })).toBeTruthy();
  });

  it('announces success politely and failure as an alert with the engine message', async () => {
    const summary = makeSummary({ name: 'Payments' });
    env.api.listCredentials.mockResolvedValue(ok([summary]));
    env.api.getTokenDetails.mockResolvedValue(ok({ status: summary.status, jwt: null }));
    env.api.testCredential
      .mockResolvedValueOnce(
        ok({ ok: true, message: 'Fetched a new token valid for 59 min', summary }),
      )
      .mockResolvedValueOnce({
        ok: false,
        error: {
          code: 'token_url_unreachable',
          message: 'Cannot reach the token URL: check the address and your network.',
        },
      });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('option', { name: /Payments/ }));
    await user.click(await screen.findByRole('button', { name: 'Test' }));
    expect((await screen.findByRole('status')).textContent).toMatch(
      /Fetched a new token valid for 59 min/,
    );
    await user.click(screen.getByRole('button', { name: 'Test' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Cannot reach the token URL/);
  });

  it('opens the add form from the empty state and closes it with Escape', async () => {
    const user = userEvent.setup();
    render(<App />);
    await screen.findByText('Add your first credential…');
    await user.click(screen.getAllByRole('button', { name: 'Add credential' })[1]!);
    expect(await screen.findByRole('form', { name: 'Add credential' })).toBeTruthy();
    await user.click(screen.getByLabelText('Name'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Add credential' })).toBeNull();
  });
});
