// @vitest-environment jsdom
// The active environment on screen: the switcher offers every credential's environment names,
// the list and the detail follow it with a marker, the detail shows the fields the environment
// overrides, and the request tester asks before it sends to a production environment.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../../../src/renderer/src/app';
import { CredentialDetail } from '../../../../src/renderer/src/features/credentials/credential-detail';
import { RequestTester } from '../../../../src/renderer/src/features/tester/request-tester';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { CredentialEnvironment } from '../../../../src/shared/environment-types';
import type { ResponseView } from '../../../../src/shared/requests';
import type { CredentialSummary } from '../../../../src/shared/status';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

vi.mock(
  '../../../../src/renderer/src/ui/code-editor/code-mirror-editor',
  () => import('../support/code-editor-stand-in'),
);

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
});

const QA: CredentialEnvironment = {
  id: 'default',
  name: 'QA',
  color: 'blue',
  production: false,
  variables: [],
};
const PRODUCTION: CredentialEnvironment = {
  id: 'production-1a2b3c4d',
  name: 'Production',
  color: 'red',
  production: true,
  clientId: 'orders-live',
  tokenUrl: 'https://login.example.com/oauth/token',
  variables: [],
};

/** A credential with QA and Production, its status of `shown`, as main sends it. */
function ordersIn(shown: CredentialEnvironment, id = 'orders'): CredentialSummary {
  const summary = makeSummary({
    id,
    name: 'Orders API',
    clientId: 'orders-qa',
    tokenUrl: 'https://qa.example.com/oauth/token',
    environments: [QA, PRODUCTION],
  });
  const { id: envId, name, color, production } = shown;
  return { ...summary, environment: { id: envId, name, color, production } };
}

const answer: ResponseView = {
  status: 200,
  statusText: 'OK',
  headers: [],
  body: '{}',
  bodyTruncated: false,
  sizeBytes: 2,
  durationMs: 1,
  url: 'https://api.example.com/me',
  retriedAfterRefresh: false,
  notes: [],
};

describe('active environment', () => {
  it('switches app-wide: main is told, the list reloads, and the marker says production', async () => {
    const plain = makeSummary({ name: 'Plain' });
    env.api.listCredentials.mockResolvedValue(ok([ordersIn(QA), plain]));
    env.api.setActiveEnvironment.mockResolvedValue(ok({ name: 'Production' }));
    const user = userEvent.setup();
    render(<App />);
    const bar = screen.getByRole('region', { name: 'Active environment' });
    const switcher = within(bar).getByRole('combobox', { name: 'Environment' });
    await screen.findByRole('option', { name: /Orders API/ });
    expect(
      within(switcher)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Default', 'QA', 'Production (production)']);
    // The row says which environment its status is of; a credential without environments says nothing.
    expect(screen.getByRole('option', { name: /Orders API/ }).textContent).toContain('QA');
    expect(screen.getByRole('option', { name: /Plain/ }).querySelector('.env-marker')).toBeNull();

    env.api.listCredentials.mockResolvedValue(ok([ordersIn(PRODUCTION), plain]));
    const loadsBefore = env.api.listCredentialPage.mock.calls.length;
    await user.selectOptions(switcher, 'Production');
    expect(env.api.setActiveEnvironment).toHaveBeenCalledWith({ name: 'Production' });
    await waitFor(() =>
      expect(screen.getByRole('option', { name: /Orders API/ }).textContent).toContain(
        'Production',
      ),
    );
    expect(env.api.listCredentialPage.mock.calls.length).toBeGreaterThan(loadsBefore);
    expect((switcher as HTMLSelectElement).value).toBe('Production');
    expect(within(bar).getByText('production')).toBeTruthy();
    expect(bar.className).toContain('env-bar-production');
  });

  it('switches from the command palette too', async () => {
    env.api.listCredentials.mockResolvedValue(ok([ordersIn(QA)]));
    env.api.setActiveEnvironment.mockResolvedValue(ok({ name: 'Production' }));
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('option', { name: /Orders API/ });
    await user.keyboard('{Control>}k{/Control}');
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    await user.type(within(palette).getByRole('combobox'), 'switch production');
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(env.api.setActiveEnvironment).toHaveBeenCalledWith({ name: 'Production' }),
    );
    await waitFor(() => expect(useAppStore.getState().activeEnvironment).toBe('Production'));
  });

  it('says why when main refuses the switch, and keeps the environment it had', async () => {
    env.api.listCredentials.mockResolvedValue(ok([ordersIn(QA)]));
    env.api.setActiveEnvironment.mockResolvedValue({
      ok: false,
      error: {
        code: 'storage_error',
        message: 'Could not save the active environment: disk full.',
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('option', { name: /Orders API/ });
    const switcher = screen.getByRole('combobox', { name: 'Environment' }) as HTMLSelectElement;
    await user.selectOptions(switcher, 'QA');
    expect(
      await screen.findByText('Could not save the active environment: disk full.'),
    ).toBeTruthy();
    expect(switcher.value).toBe('');
    expect(useAppStore.getState().activeEnvironment).toBeNull();
  });

  it("shows the detail in the environment's own client and endpoint, with the marker", () => {
    render(<CredentialDetail summary={ordersIn(PRODUCTION)} />);
    const detail = screen.getByRole('article', { name: 'Credential Orders API' });
    expect(detail.textContent).toContain('client orders-live');
    expect(detail.textContent).toContain('login.example.com');
    expect(detail.textContent).not.toContain('orders-qa');
    expect(within(detail.querySelector('header')!).getByText('production')).toBeTruthy();
  });

  it('asks before sending to production, once per environment until the next switch', async () => {
    useAppStore.getState().upsertCredential(ordersIn(PRODUCTION));
    env.api.sendRequest.mockResolvedValue(ok(answer));
    env.api.setActiveEnvironment.mockImplementation(async ({ name }: { name: string | null }) =>
      ok({ name }),
    );
    env.api.listCredentials.mockResolvedValue(ok([ordersIn(PRODUCTION)]));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.selectOptions(screen.getByLabelText('Credential'), 'Orders API');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/me');

    await user.click(screen.getByRole('button', { name: 'Send' }));
    let ask = screen.getByRole('alertdialog', { name: 'Send to Production?' });
    // Cancel has the focus: Enter right away must not send.
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Cancel' }));
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(env.api.sendRequest).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Send' }));
    ask = screen.getByRole('alertdialog', { name: 'Send to Production?' });
    await user.click(within(ask).getByRole('button', { name: 'Send to Production' }));
    await waitFor(() => expect(env.api.sendRequest).toHaveBeenCalledTimes(1));
    await screen.findByRole('region', { name: 'Response' });

    // Agreed once: the next send goes without asking, from the keyboard too.
    await user.click(screen.getByRole('textbox', { name: 'URL' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(env.api.sendRequest).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('alertdialog')).toBeNull();

    // A switch (even back to the same one) asks again.
    await useAppStore.getState().setActiveEnvironment('Production');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alertdialog', { name: 'Send to Production?' })).toBeTruthy();
    expect(env.api.sendRequest).toHaveBeenCalledTimes(2);
  });

  it('sends to a non-production environment without asking', async () => {
    useAppStore.getState().upsertCredential(ordersIn(QA));
    env.api.sendRequest.mockResolvedValue(ok(answer));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.selectOptions(screen.getByLabelText('Credential'), 'Orders API');
    expect(document.querySelector('.request-editor .env-marker')?.textContent).toBe('QA');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/me');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(env.api.sendRequest).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('sends with another environment picked in the tester, asking first when it is production', async () => {
    useAppStore.getState().upsertCredential(ordersIn(QA));
    const other = makeSummary({ name: 'Plain' });
    useAppStore.getState().upsertCredential(other);
    env.api.sendRequest.mockResolvedValue(ok(answer));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.selectOptions(screen.getByLabelText('Credential'), 'Orders API');
    const picker = screen.getByRole('combobox', { name: 'Request environment' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['The active one (QA)', 'QA', 'Production (production)']);
    await user.selectOptions(picker, 'Production (production)');
    // The marker says where the token comes from now.
    expect(screen.getByText('production')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/me');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const ask = screen.getByRole('alertdialog', { name: 'Send to Production?' });
    await user.click(within(ask).getByRole('button', { name: 'Send to Production' }));
    await waitFor(() => expect(env.api.sendRequest).toHaveBeenCalledTimes(1));
    expect(env.api.sendRequest.mock.calls[0]![0]).toMatchObject({
      credentialId: 'orders',
      environment: PRODUCTION.id,
    });

    // Another credential follows the active environment again; back to this one, too.
    await user.selectOptions(screen.getByLabelText('Credential'), 'Plain');
    expect(screen.queryByRole('combobox', { name: 'Request environment' })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Credential'), 'Orders API');
    expect(
      (screen.getByRole('combobox', { name: 'Request environment' }) as HTMLSelectElement).value,
    ).toBe('');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(env.api.sendRequest).toHaveBeenCalledTimes(2));
    expect(env.api.sendRequest.mock.calls[1]![0]).not.toHaveProperty('environment');
  });
});
