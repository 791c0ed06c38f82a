// @vitest-environment jsdom
// The tester's defaults: it uses the credential selected in the list until the user picks another
// there, Enter in the URL sends, a token problem offers its fix, and a reopened history entry
// says what it was instead of showing another request's answer.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RequestTester } from '../../../../src/renderer/src/features/tester/request-tester';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ResponseView } from '../../../../src/shared/requests';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const answer = (patch: Partial<ResponseView> = {}): ResponseView => ({
  status: 200,
  statusText: 'OK',
  headers: [],
  body: 'fine',
  bodyTruncated: false,
  sizeBytes: 4,
  durationMs: 5,
  url: 'https://api.example.com/me',
  retriedAfterRefresh: false,
  notes: [],
  ...patch,
});

const picker = () => screen.getByRole('combobox', { name: 'Credential' }) as HTMLSelectElement;
const selectedLabel = () => picker().selectedOptions[0]?.textContent;

describe('tester defaults', () => {
  it('follows the list selection until the user picks a credential in the tester', async () => {
    const orders = makeSummary({ name: 'Orders API' });
    const billing = makeSummary({ name: 'Billing API' });
    const store = useAppStore.getState();
    store.upsertCredential(orders);
    store.upsertCredential(billing);
    store.select(orders.config.id);
    const user = userEvent.setup();
    render(<RequestTester />);
    expect(selectedLabel()).toBe('Orders API');

    useAppStore.getState().select(billing.config.id);
    await waitFor(() => expect(selectedLabel()).toBe('Billing API'));

    await user.selectOptions(picker(), 'No auth');
    useAppStore.getState().select(orders.config.id);
    await waitFor(() => expect(useAppStore.getState().selectedId).toBe(orders.config.id));
    expect(selectedLabel()).toBe('No auth');
  });

  it('sends on plain Enter in the URL field', async () => {
    env.api.sendRequest.mockResolvedValue(ok(answer()));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(
      screen.getByRole('textbox', { name: 'URL' }),
      'https://api.example.com/me{Enter}',
    );
    expect(env.api.sendRequest).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('region', { name: 'Response' })).toBeTruthy();
  });

  it('offers Authorize when a signed-in credential needs a new sign-in, and runs it from there', async () => {
    const github = makeSummary(
      { name: 'GitHub', grantType: 'authorization_code' },
      { state: 'needs_authorization' },
    );
    env.api.listCredentials.mockResolvedValue(ok([github]));
    useAppStore.getState().upsertCredential(github);
    useAppStore.getState().select(github.config.id);
    env.api.sendRequest.mockResolvedValue({
      ok: false,
      error: {
        code: 'needs_authorization',
        message: 'GitHub needs authorization: click Authorize.',
      },
    });
    env.api.authorizeCredential.mockResolvedValue(ok(github));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(
      screen.getByRole('textbox', { name: 'URL' }),
      'https://api.github.com/user{Enter}',
    );
    const authorize = await screen.findByRole('button', { name: 'Authorize GitHub' });
    await user.click(authorize);
    expect(env.api.authorizeCredential).toHaveBeenCalledWith({ id: github.config.id });
  });

  it('offers Test when a client-credentials token is refused with 401', async () => {
    const service = makeSummary({ name: 'Reports', grantType: 'client_credentials' });
    env.api.listCredentials.mockResolvedValue(ok([service]));
    useAppStore.getState().upsertCredential(service);
    useAppStore.getState().select(service.config.id);
    env.api.sendRequest.mockResolvedValue(ok(answer({ status: 401, statusText: 'Unauthorized' })));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(
      screen.getByRole('textbox', { name: 'URL' }),
      'https://api.example.com/me{Enter}',
    );
    expect(await screen.findByRole('button', { name: 'Test Reports' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Authorize/ })).toBeNull();
  });

  it('offers nothing when the API answered and the token was fine', async () => {
    const service = makeSummary({ name: 'Reports' });
    env.api.listCredentials.mockResolvedValue(ok([service]));
    useAppStore.getState().upsertCredential(service);
    useAppStore.getState().select(service.config.id);
    env.api.sendRequest.mockResolvedValue(ok(answer({ status: 404, statusText: 'Not Found' })));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(
      screen.getByRole('textbox', { name: 'URL' }),
      'https://api.example.com/me{Enter}',
    );
    await screen.findByRole('region', { name: 'Response' });
    expect(screen.queryByRole('button', { name: 'Test Reports' })).toBeNull();
  });

  it('a reopened history entry replaces the old response with what it was, and keeps its credential', async () => {
    const orders = makeSummary({ name: 'Orders API' });
    const billing = makeSummary({ name: 'Billing API' });
    useAppStore.getState().upsertCredential(orders);
    useAppStore.getState().upsertCredential(billing);
    env.api.sendRequest.mockResolvedValue(ok(answer()));
    env.api.listHistory.mockResolvedValue(
      ok([
        {
          id: 'h1',
          at: Date.UTC(2026, 10, 30, 9, 0),
          status: 201,
          durationMs: 31,
          spec: {
            method: 'POST',
            url: 'https://api.example.com/orders',
            query: [],
            headers: [],
            body: { kind: 'none' },
            credentialId: orders.config.id,
            timeoutMs: 30_000,
          },
        },
      ]),
    );
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(
      screen.getByRole('textbox', { name: 'URL' }),
      'https://api.example.com/me{Enter}',
    );
    await screen.findByRole('region', { name: 'Response' });
    await user.click(
      await screen.findByRole('button', {
        name: /^POST 201 https:\/\/api\.example\.com\/orders Orders API · /,
      }),
    );
    expect(screen.queryByRole('region', { name: 'Response' })).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(
      /^Reopened POST https:\/\/api\.example\.com\/orders from history: sent .+, it answered 201 in 31 ms\./,
    );
    expect(selectedLabel()).toBe('Orders API');
    // The reopened request names its credential: selecting another one in the list keeps it.
    useAppStore.getState().select(billing.config.id);
    expect(selectedLabel()).toBe('Orders API');
  });
});
