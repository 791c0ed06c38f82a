// The code editor in the request tester, in Chromium: JSON is highlighted and foldable, search
// opens from the keyboard, a malformed JSON body is marked and cannot be sent, a long response
// shows its start and then all of it without drawing every line, and axe finds nothing in
// either theme.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { axeViolations } from './support/axe';
import { startDesk, type Desk } from './support/desk';
import { startEchoServer, type EchoServer } from './support/echo-server';
import { openDesk, openTab } from './support/flows';

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

const send = () => page.getByRole('button', { name: 'Send', exact: true });
const response = () => page.getByRole('region', { name: 'Response' });
const responseBody = () => response().getByRole('textbox', { name: 'Response body' });

async function chooseJsonBody(): Promise<void> {
  await page.getByLabel('Method').selectOption('POST');
  await page
    .getByRole('radiogroup', { name: 'Body type' })
    .getByText('JSON', { exact: true })
    .click();
}

test('a malformed JSON body is marked in the editor and Send says why it waits', async () => {
  await page.getByRole('textbox', { name: 'URL' }).fill(`${echo.url}/orders`);
  await chooseJsonBody();
  const body = page.getByRole('textbox', { name: 'JSON body' });
  await body.fill('{"item": "book",\n  "quantity": 3,\n}');
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  // The message under the editor says what is wrong and where; the lint marks the spot.
  const status = page.locator('.body-editor .field-error, .body-editor .field-hint');
  await expect(status).toHaveText(/^Invalid JSON: .*(position|line) \d+/);
  await expect(body).toHaveAttribute('aria-description', /^Invalid JSON: /);
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await expect(send()).toBeDisabled();
  await expect(
    page.getByText('Fix the JSON body (or choose body type "None") to send'),
  ).toBeVisible();
  const before = echo.received.length;
  await body.press('Control+Enter');
  expect(echo.received.length).toBe(before);

  await body.fill('{"item": "book", "quantity": 3}');
  await expect(body).toHaveAttribute('aria-invalid', 'false');
  await expect(status).toHaveText(/^Valid JSON/);
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(0);
  await body.press('Control+Enter');
  await expect(response().getByLabel('Response status')).toHaveText(/^200\b/);
  expect(JSON.parse(echo.received.at(-1)!.body)).toEqual({ item: 'book', quantity: 3 });
});

test('the response is highlighted as JSON, folds and opens search from the keyboard', async () => {
  const key = responseBody().getByText('"method"', { exact: true });
  const value = responseBody().getByText('"POST"', { exact: true });
  await expect(key).toBeVisible();
  const colour = (l: typeof key) => l.evaluate((el) => getComputedStyle(el).color);
  const text = await responseBody().evaluate((el) => getComputedStyle(el).color);
  // Property names and strings each get their own colour, neither the plain text's.
  expect(await colour(key)).not.toBe(text);
  expect(await colour(value)).not.toBe(text);
  expect(await colour(key)).not.toBe(await colour(value));

  // Fold the whole object from the keyboard: its lines give way to a placeholder.
  await responseBody().click();
  await responseBody().press('Control+Home');
  await responseBody().press('Control+Shift+BracketLeft');
  await expect(response().locator('.cm-foldPlaceholder')).toBeVisible();
  await expect(key).toBeHidden();
  await responseBody().press('Control+Shift+BracketRight');
  await expect(key).toBeVisible();

  await responseBody().press('Control+f');
  const find = response().getByRole('textbox', { name: 'Find' });
  await expect(find).toBeFocused();
  await find.pressSequentially('POST');
  await expect(response().locator('.cm-searchMatch')).not.toHaveCount(0);
  await find.press('Escape');
  await expect(find).toBeHidden();
});

test('a long response shows its start, then all of it on "Show all", drawing only lines in view', async () => {
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('textbox', { name: 'URL' }).fill(`${echo.url}/large?items=30000`);
  await send().click();
  const note = response()
    .getByRole('note')
    .filter({ hasText: /^Showing the first/ });
  // 30,000 objects pretty-printed: 4 lines each, plus the brackets.
  await expect(note).toHaveText(/Showing the first [\d,]+ of 120,002 lines\./);
  await note.getByRole('button', { name: 'Show all' }).click();
  await expect(note).toBeHidden();

  // All 120,002 lines are in the editor, but only a screenful or so is in the page.
  await responseBody().click();
  await responseBody().press('Control+End');
  await expect(responseBody().getByText('"name": "item 29999"')).toBeVisible();
  const drawn = await responseBody().locator('.cm-line').count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(1000);
  // The page still answers: the URL field takes typing at once.
  await page.getByRole('textbox', { name: 'URL' }).fill(`${echo.url}/after`);
  await expect(page.getByRole('textbox', { name: 'URL' })).toHaveValue(`${echo.url}/after`);
});

test('the editors pass axe in the light and the dark theme', async () => {
  await chooseJsonBody();
  await expect(page.getByRole('textbox', { name: 'JSON body' })).toBeVisible();
  // Back to the top of the tab, where the user starts reading (the earlier tests scrolled it).
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('*')) if (el.scrollTop > 0) el.scrollTop = 0;
  });
  expect(await axeViolations(page)).toEqual([]);
});
