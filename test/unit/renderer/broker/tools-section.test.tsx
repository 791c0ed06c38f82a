// @vitest-environment jsdom
// The Broker tab's saved API tools: the new/edit form is built from the same tool fields as the
// tester's "Save as API tool", sends what was typed, prefills an edit and clears on cancel.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiTool } from '../../../../src/shared/broker';
import { ToolsSection } from '../../../../src/renderer/src/features/broker/tools-section';
import { useBrokerStore } from '../../../../src/renderer/src/features/broker/broker-store';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const tool: ApiTool = {
  id: 't1',
  name: 'list_orders',
  description: 'Use this to list orders.',
  method: 'POST',
  urlTemplate: 'https://api.example.com/orders/{{status}}',
  headers: [],
  bodyTemplate: '{"q":"{{q}}"}',
  credentialId: 'c1',
  parameterDescriptions: {},
  createdAt: 1,
  updatedAt: 1,
};

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('Saved API tools in the Broker tab', () => {
  it('adds a tool from the shared fields, sending what was typed', async () => {
    useBrokerStore.setState({ tools: [] });
    env.api.saveApiTool.mockResolvedValue(ok({ id: 't2' }));
    env.api.listApiTools.mockResolvedValue(ok([]));
    const user = userEvent.setup();
    render(<ToolsSection credentialId="c1" />);
    const form = screen.getByRole('form', { name: 'New saved tool' });
    expect(form).toBeTruthy();
    await user.type(field('Tool name'), 'get_item');
    await user.type(field('When to use it'), 'Use this to read one item.');
    await user.selectOptions(field('Tool method'), 'PUT');
    await user.type(field('URL template'), 'https://api.example.com/items/1');
    await user.type(field('Body template'), 'x');
    await user.click(screen.getByRole('button', { name: 'Add tool' }));
    expect(env.api.saveApiTool.mock.calls[0]![0]).toEqual({
      id: null,
      input: {
        name: 'get_item',
        description: 'Use this to read one item.',
        method: 'PUT',
        urlTemplate: 'https://api.example.com/items/1',
        bodyTemplate: 'x',
        headers: [],
        credentialId: 'c1',
        parameterDescriptions: {},
      },
    });
    expect(field('Tool name').value).toBe('');
  });

  it('prefills an edit from the saved tool and clears the fields on cancel', async () => {
    useBrokerStore.setState({ tools: [tool] });
    const user = userEvent.setup();
    render(<ToolsSection credentialId="c1" />);
    await user.click(screen.getByRole('button', { name: 'Edit list_orders' }));
    expect(screen.getByRole('form', { name: 'Edit saved tool' })).toBeTruthy();
    expect(field('Tool name').value).toBe('list_orders');
    expect(field('When to use it').value).toBe('Use this to list orders.');
    expect(field('Tool method').value).toBe('POST');
    expect(field('URL template').value).toBe('https://api.example.com/orders/{{status}}');
    expect(field('Body template').value).toBe('{"q":"{{q}}"}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('form', { name: 'New saved tool' })).toBeTruthy();
    expect(field('Tool name').value).toBe('');
    expect(field('URL template').value).toBe('');
  });

  it('keeps the header templates and parameter descriptions of an edited tool', async () => {
    const withHeaders: ApiTool = {
      ...tool,
      headers: [{ name: 'X-Tenant', value: '{{tenant}}' }],
      parameterDescriptions: { tenant: 'The tenant id.' },
    };
    useBrokerStore.setState({ tools: [withHeaders] });
    env.api.saveApiTool.mockResolvedValue(ok({ id: 't1' }));
    env.api.listApiTools.mockResolvedValue(ok([withHeaders]));
    const user = userEvent.setup();
    render(<ToolsSection credentialId="c1" />);
    await user.click(screen.getByRole('button', { name: 'Edit list_orders' }));
    await user.type(field('When to use it'), ' Newest first.');
    await user.click(screen.getByRole('button', { name: 'Save tool' }));
    const saved = env.api.saveApiTool.mock.calls.at(-1)![0] as {
      id: string;
      input: Pick<ApiTool, 'headers' | 'parameterDescriptions' | 'description'>;
    };
    expect(saved.id).toBe('t1');
    expect(saved.input.description).toBe('Use this to list orders. Newest first.');
    expect(saved.input.headers).toEqual([{ name: 'X-Tenant', value: '{{tenant}}' }]);
    expect(saved.input.parameterDescriptions).toEqual({ tenant: 'The tenant id.' });
  });
});
