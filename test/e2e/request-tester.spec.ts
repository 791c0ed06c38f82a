// The request tester as a developer uses it: query parameters, headers and a JSON body built in
// the tables and editors arrive at the server exactly as entered; invalid JSON is caught before
// sending; a slow request can be cancelled while in flight; history reopens a request.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startDesk, type Desk } from './support/desk';
import { startEchoServer, type EchoServer, type Received } from './support/echo-server';
import { historyName, openDesk, openTab } from './support/flows';

let desk: Desk;
let echo: EchoServer;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  desk = await startDesk();
  echo = await startEchoServer();
  context = await browser.newContext();
  page = await context.newPage();
  await openDesk(page, desk.mode.url);
  await openTab(page, 'Request tester');
});

test.afterAll(async () => {
  await context?.close();
  await echo?.stop();
  await desk?.close();
});

async function addRow(
  table: 'Query parameters' | 'Headers',
  name: string,
  value: string,
): Promise<void> {
  const group = page.getByRole('group', { name: table });
  const singular = table === 'Headers' ? 'header' : 'query parameter';
  await group.getByRole('button', { name: `+ Add ${singular}` }).click();
  const index = await group
    .getByRole('textbox', { name: new RegExp(`^${table} name \\d+$`) })
    .count();
  await group.getByRole('textbox', { name: `${table} name ${index}` }).fill(name);
  await group.getByRole('textbox', { name: `${table} value ${index}` }).fill(value);
}

test('query parameters, headers and a JSON body arrive as entered', async () => {
  await page.getByLabel('Method').selectOption('POST');
  await page.getByRole('textbox', { name: 'URL' }).fill(`${echo.url}/orders`);
  await addRow('Query parameters', 'page', '2');
  await addRow('Query parameters', 'filter', 'open & recent');
  await addRow('Headers', 'X-Trace-Id', 'trace-42');
  await page
    .getByRole('radiogroup', { name: 'Body type' })
    .getByText('JSON', { exact: true })
    .click();

  const json = page.getByLabel('JSON body');
  await json.fill('{"item": "book", ');
  // Invalid JSON: the editor says so and Send waits until it is fixed.
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(json).toHaveAttribute('aria-invalid', 'true');
  await json.fill('{"item": "book", "quantity": 3}');
  await expect(json).toHaveAttribute('aria-invalid', 'false');

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response.getByLabel('Response status')).toHaveText(/^200\b/);

  const got = echo.received.at(-1) as Received;
  expect(got.method).toBe('POST');
  expect(got.path).toBe('/orders');
  expect(got.query).toEqual({ page: '2', filter: 'open & recent' });
  expect(got.headers['x-trace-id']).toBe('trace-42');
  expect(got.headers['content-type']).toMatch(/^application\/json/);
  expect(got.headers.authorization).toBeUndefined(); // "No auth" sends no credential
  expect(JSON.parse(got.body)).toEqual({ item: 'book', quantity: 3 });
  // The response body is shown pretty-printed, and what the server echoed matches.
  await expect(response.getByLabel('Response body')).toContainText('"x-trace-id": "trace-42"');
});

test('a slow request can be cancelled while in flight', async () => {
  // The body editor is hidden for GET but keeps its kind: set it to None while it is visible.
  await page
    .getByRole('radiogroup', { name: 'Body type' })
    .getByText('None', { exact: true })
    .click();
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('textbox', { name: 'URL' }).fill(`${echo.url}/slow`);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await echo.slowArrived();
  await expect(page.getByText('Sending…')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /cancelled/i })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  echo.releaseSlow();
});

test('history reopens an earlier request in the editor', async () => {
  const history = page.getByRole('region', { name: 'History' });
  await history
    .getByRole('button', { name: historyName('POST', 200, `${echo.url}/orders`, 'No auth') })
    .click();
  await expect(page.getByLabel('Method')).toHaveValue('POST');
  await expect(page.getByRole('textbox', { name: 'URL' })).toHaveValue(`${echo.url}/orders`);
  await expect(page.getByRole('textbox', { name: 'Query parameters value 2' })).toHaveValue(
    'open & recent',
  );
  await expect(page.getByRole('textbox', { name: 'Headers value 1' })).toHaveValue('trace-42');
  await expect(page.getByLabel('JSON body')).toHaveText('{"item": "book", "quantity": 3}');
});
