// @vitest-environment jsdom
// The request tester: Ctrl/Cmd+Enter sends, JSON is validated live, the response is shown with
// its status, a retry after refresh is announced, curl leaves the token out by default.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RequestTester } from '../../../../src/renderer/src/features/tester/request-tester';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ResponseView } from '../../../../src/shared/requests';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

vi.mock(
  '../../../../src/renderer/src/ui/code-editor/code-mirror-editor',
  () => import('../support/code-editor-stand-in'),
);

const answer = (patch: Partial<ResponseView> = {}): ResponseView => ({
  status: 200,
  statusText: 'OK',
  headers: [{ name: 'content-type', value: 'application/json' }],
  body: '{"id":7,"name":"widget"}',
  bodyTruncated: false,
  sizeBytes: 24,
  durationMs: 42,
  url: 'https://api.example.com/items',
  retriedAfterRefresh: false,
  notes: [],
  ...patch,
});

describe('request tester', () => {
  it('sends with Ctrl+Enter using the chosen credential and shows the pretty-printed body', async () => {
    const summary = makeSummary({ name: 'Orders API' });
    useAppStore.getState().upsertCredential(summary);
    env.api.sendRequest.mockResolvedValue(ok(answer()));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.selectOptions(screen.getByLabelText('Credential'), 'Orders API');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/items');
    await user.keyboard('{Control>}{Enter}{/Control}');

    expect(env.api.sendRequest).toHaveBeenCalledTimes(1);
    expect(env.api.sendRequest.mock.calls[0]![0]).toMatchObject({
      method: 'GET',
      url: 'https://api.example.com/items',
      credentialId: summary.config.id,
    });
    const response = await screen.findByRole('region', { name: 'Response' });
    expect(within(response).getByLabelText('Response status').textContent).toBe('200 OK');
    expect(within(response).getByLabelText('Response status').className).toMatch(/status-2xx/);
    expect(within(response).getByText('42 ms')).toBeTruthy();
    expect((await within(response).findByLabelText('Response body')).textContent).toBe(
      '{\n  "id": 7,\n  "name": "widget"\n}',
    );
    await user.click(within(response).getByRole('checkbox', { name: 'Show raw body' }));
    expect(within(response).getByLabelText('Response body').textContent).toBe(
      '{"id":7,"name":"widget"}',
    );
  });

  it('validates a JSON body as you type and will not send invalid JSON', async () => {
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Method' }), 'POST');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/items');
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    const body = await screen.findByRole('textbox', { name: 'JSON body' });
    await user.clear(body);
    await user.type(body, '{{"a": 1');
    expect(body.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/^Invalid JSON/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    await user.type(body, '}');
    expect(body.getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
  });

  it('sends a GET after a POST with an invalid JSON body, and restores the body on switching back', async () => {
    env.api.sendRequest.mockResolvedValue(ok(answer()));
    const user = userEvent.setup();
    render(<RequestTester />);
    const method = screen.getByRole('combobox', { name: 'Method' });
    await user.selectOptions(method, 'POST');
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/items');
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    const body = await screen.findByRole('textbox', { name: 'JSON body' });
    await user.clear(body);
    await user.type(body, '{{"a": 1');
    await user.selectOptions(method, 'GET');
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', false);
    await user.click(send);
    expect(env.api.sendRequest.mock.calls[0]![0]).toMatchObject({
      method: 'GET',
      body: { kind: 'none' },
    });
    await user.selectOptions(method, 'POST');
    expect(await screen.findByRole('textbox', { name: 'JSON body' })).toHaveProperty(
      'value',
      '{"a": 1',
    );
  });

  it('says next to Send why it is disabled', async () => {
    const user = userEvent.setup();
    render(<RequestTester />);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveProperty('disabled', true);
    const reason = () => document.getElementById(send.getAttribute('aria-describedby') ?? '');
    expect(reason()?.textContent).toMatch(/enter a url/i);
    expect(within(send.parentElement!).getByText(/enter a url/i)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/items');
    expect(send).toHaveProperty('disabled', false);
    expect(send.getAttribute('aria-describedby')).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Method' }), 'PUT');
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    const body = await screen.findByRole('textbox', { name: 'JSON body' });
    await user.clear(body);
    await user.type(body, '{{"a": 1');
    expect(send).toHaveProperty('disabled', true);
    expect(reason()?.textContent).toMatch(/JSON body/);
  });

  it('says when the request was retried after a token refresh, and shows a cancel button while in flight', async () => {
    let reply!: (value: unknown) => void;
    env.api.sendRequest.mockReturnValue(new Promise((resolve) => (reply = resolve)));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/me');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    reply(
      ok(
        answer({
          retriedAfterRefresh: true,
          notes: ['Got 401: refreshed the token and retried once'],
        }),
      ),
    );
    expect(
      await screen.findByText(/token was refreshed and the request sent again once/),
    ).toBeTruthy();
  });

  it('copies as curl without the token unless "Include token" is ticked', async () => {
    env.api.copyAsCurl.mockResolvedValue(ok({ command: 'curl https://api.example.com/me' }));
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.type(screen.getByRole('textbox', { name: 'URL' }), 'https://api.example.com/me');
    const include = screen.getByRole('checkbox', { name: 'Include token' });
    expect(include).toHaveProperty('checked', false);
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }));
    expect(env.api.copyAsCurl.mock.calls[0]![0].includeToken).toBe(false);
    await user.click(include);
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }));
    expect(env.api.copyAsCurl.mock.calls[1]![0].includeToken).toBe(true);
  });

  it('reopens a request from history', async () => {
    env.api.listHistory.mockResolvedValue(
      ok([
        {
          id: 'h1',
          at: Date.now(),
          status: 404,
          durationMs: 9,
          spec: {
            method: 'DELETE',
            url: 'https://api.example.com/items/3',
            query: [],
            headers: [],
            body: { kind: 'none' },
            credentialId: null,
            timeoutMs: 30_000,
          },
        },
      ]),
    );
    const user = userEvent.setup();
    render(<RequestTester />);
    await user.click(
      await screen.findByRole('button', {
        name: /^DELETE 404 https:\/\/api\.example\.com\/items\/3 No auth · /,
      }),
    );
    expect(screen.getByRole('textbox', { name: 'URL' })).toHaveProperty(
      'value',
      'https://api.example.com/items/3',
    );
    expect(screen.getByRole('combobox', { name: 'Method' })).toHaveProperty('value', 'DELETE');
  });
});
