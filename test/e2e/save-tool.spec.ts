// A request from the tester saved as an API tool: main refuses it while the API's origin is not
// allowed for the credential and says where to allow it; once allowed it saves, the Broker tab
// lists it, and an agent calls it through the real `oauth-desk mcp` without seeing the token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, test } from '@playwright/test';
import { DEFAULT_BROKER_POLICY } from '../../src/shared/broker';
import { oidcFields } from '../support/engine-harness';
import { CLI } from '../support/broker-desk';
import { findLeaks } from './support/bridge-traffic';
import { credentialRow, openTab } from './support/flows';
import { useDeskSession } from './support/desk-session';

const NAME = 'Tool source API';
const session = useDeskSession();

test('the tester saves its request as a tool that the Broker tab lists and an agent can call', async () => {
  const { page, desk } = session;
  const summary = await desk.mode.services.handlers.createCredential({
    fields: oidcFields(desk.oidc, 'clientCredentialsBasic', {
      name: NAME,
      resource: desk.oidc.resource,
    }),
    clientSecret: { kind: 'set', value: desk.oidc.clients.clientCredentialsBasic.clientSecret! },
    password: { kind: 'keep' },
  });
  await expect(credentialRow(page, NAME)).toBeVisible();
  const origin = new URL(desk.api.url).origin;

  await openTab(page, 'Request tester');
  await page.getByRole('textbox', { name: 'URL' }).fill(`${desk.api.url}/me`);
  await page.getByLabel('Credential', { exact: true }).selectOption({ label: NAME });
  await page.getByRole('button', { name: 'Save as API tool' }).click();
  const form = page.getByRole('form', { name: 'Save as API tool' });
  await expect(form.getByLabel('Tool name')).toBeFocused();
  await expect(form.getByLabel('URL template')).toHaveValue(`${desk.api.url}/me`);
  await form.getByLabel('Tool name').fill('who_am_i');
  await form.getByLabel('When to use it').fill('Use this when the caller asks who they are.');
  await form.getByRole('button', { name: 'Save tool' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    `Please fix: urlTemplate: "${NAME}" may not be sent to ${origin}. Add ${origin} to its allowed API origins in the Broker tab, then save the tool again.`,
  );

  // Allowed as the message says, and saved again from the same form.
  await desk.mode.services.handlers.setBrokerPolicy({
    credentialId: summary.config.id,
    policy: { ...DEFAULT_BROKER_POLICY, access: 'allow', allowedOrigins: [origin] },
  });
  // A header holding a stored secret is refused, and the message does not quote it.
  const secret = desk.oidc.clients.clientCredentialsBasic.clientSecret!;
  const headerField = form.getByLabel('Header templates (one "Name: value" a line)');
  await headerField.fill(`X-Api-Key: ${secret}`);
  await form.getByRole('button', { name: 'Save tool' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    "Please fix: headers: the header X-Api-Key holds a stored secret or token. Remove it: the app adds the credential's token at each call.",
  );
  await headerField.fill('');
  await form.getByRole('button', { name: 'Save tool' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved the API tool who_am_i' }),
  ).toBeVisible();
  await expect(form).toBeHidden();
  await expect(page.getByRole('button', { name: 'Save as API tool' })).toBeFocused();

  await credentialRow(page, NAME).click();
  await page.getByRole('tab', { name: 'Broker' }).click();
  const tools = page.getByRole('region', { name: 'Saved API tools' });
  await expect(tools.getByRole('listitem').filter({ hasText: 'who_am_i' })).toBeVisible();
  await expect(tools).toContainText(`GET ${desk.api.url}/me`);

  const env = Object.fromEntries(
    Object.entries({ ...process.env, OAUTH_DESK_DATA_DIR: desk.dataDir }).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
  const client = new Client({ name: 'save-tool-agent', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--timeout', '0'],
      env,
      stderr: 'pipe',
    }),
  );
  try {
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toContain('who_am_i');
    const result = await client.callTool({ name: 'who_am_i', arguments: {} });
    const text = (result.content as Array<{ text: string }>).map((c) => c.text).join('\n');
    expect(result.isError ?? false).toBe(false);
    expect(text).toContain('clientId');
    for (const value of desk.sensitiveValues()) expect(text).not.toContain(value);
  } finally {
    await client.close();
  }
  expect(findLeaks(session.traffic, desk.sensitiveValues())).toEqual([]);
});
