// @vitest-environment jsdom
// "Save as API tool" in the request tester: the form starts from the request on screen, checks
// it with main's schema, shows main's refusal as it is, and hands focus back when it closes.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SaveAsTool } from '../../../../src/renderer/src/features/tester/save-as-tool';
import { emptyDraft } from '../../../../src/renderer/src/features/tester/request-draft';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

function withRequest() {
  const summary = makeSummary({ name: 'Orders API' });
  useAppStore.getState().upsertCredential(summary);
  useAppStore.setState({
    draft: {
      ...emptyDraft(),
      method: 'POST',
      url: 'https://api.example.com/orders',
      query: [
        { name: 'status', value: '{{status}}', enabled: true },
        { name: 'off', value: 'x', enabled: false },
      ],
      headers: [{ name: 'X-Trace', value: 'on', enabled: true }],
      bodyKind: 'json',
      jsonText: '{"note":"{{note}}"}',
      credentialId: summary.config.id,
    },
  });
  return summary;
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('Save as API tool', () => {
  it('opens prefilled from the request with focus on the name, and shows main refusing the origin', async () => {
    const summary = withRequest();
    const refusal = `Please fix: urlTemplate: "Orders API" may not be sent to https://api.example.com. Add https://api.example.com to its allowed API origins in the Broker tab, then save the tool again.`;
    env.api.saveApiTool.mockResolvedValue({
      ok: false,
      error: { code: 'validation', message: refusal },
    });
    const user = userEvent.setup();
    render(<SaveAsTool />);
    await user.click(screen.getByRole('button', { name: 'Save as API tool' }));

    expect(document.activeElement).toBe(field('Tool name'));
    expect(field('URL template').value).toBe('https://api.example.com/orders?status={{status}}');
    expect(field('Tool method').value).toBe('POST');
    expect(field('Header templates (one "Name: value" a line)').value).toBe('X-Trace: on');
    expect(field('Body template').value).toBe('{"note":"{{note}}"}');
    expect(field('Tool credential').value).toBe(summary.config.id);

    await user.type(field('Tool name'), 'create_order');
    await user.type(field('When to use it'), 'Use this to place an order.');
    await user.click(screen.getByRole('button', { name: 'Save tool' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);
    expect(env.api.saveApiTool.mock.calls[0]![0]).toEqual({
      id: null,
      input: {
        name: 'create_order',
        description: 'Use this to place an order.',
        method: 'POST',
        urlTemplate: 'https://api.example.com/orders?status={{status}}',
        headers: [{ name: 'X-Trace', value: 'on' }],
        bodyTemplate: '{"note":"{{note}}"}',
        credentialId: summary.config.id,
        parameterDescriptions: {},
      },
    });
    // The form stays open with what was typed, so nothing is lost.
    expect(field('Tool name').value).toBe('create_order');
  });

  it('checks the form with main’s schema before sending, then confirms and gives focus back', async () => {
    withRequest();
    env.api.saveApiTool.mockResolvedValue(ok({ id: 't1' }));
    env.api.listApiTools.mockResolvedValue(ok([]));
    const user = userEvent.setup();
    render(<SaveAsTool />);
    const opener = screen.getByRole('button', { name: 'Save as API tool' });
    await user.click(opener);
    await user.type(field('Tool name'), '1 bad name');
    await user.click(screen.getByRole('button', { name: 'Save tool' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /name: Name must start with a letter.*description: Description is required/,
    );
    expect(env.api.saveApiTool).not.toHaveBeenCalled();

    await user.clear(field('Tool name'));
    await user.type(field('Tool name'), 'create_order');
    await user.type(field('When to use it'), 'Use this to place an order.');
    await user.click(screen.getByRole('button', { name: 'Save tool' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Saved the API tool create_order. It is listed in the Broker tab under its credential.',
    );
    expect(screen.queryByRole('form', { name: 'Save as API tool' })).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('Escape closes the form and returns focus to the button', async () => {
    withRequest();
    const user = userEvent.setup();
    render(<SaveAsTool />);
    await user.click(screen.getByRole('button', { name: 'Save as API tool' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText('Tool name')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save as API tool' }));
  });
});
