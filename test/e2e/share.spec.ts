// Export and import through the UI in browser mode: a credential is exported as a file (the
// browser's own download), deleted, imported again from that file, given its secret in "Waiting
// for secrets", and gets a token from the real provider; importing the file a second time shows
// the name conflict and imports under another name only when told to.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import { findLeaks } from './support/bridge-traffic';
import { useDeskSession } from './support/desk-session';
import {
  credentialDetail,
  credentialRow,
  fillClientCredentials,
  notification,
  runAction,
  saveCredential,
  startAddCredential,
  statusBadge,
} from './support/flows';
import { saveScreenshot } from './support/screenshots';

const NAME = 'Inventory sync (service)';

const session = useDeskSession();
let exportedPath = '';

async function openShareTab(page: Page) {
  const tab = page.getByRole('tab', { name: 'Import / export' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

async function chooseImportFile(page: Page, path: string) {
  await page.getByLabel('Files to import').setInputFiles(path);
}

test('exports a credential as a file that holds its configuration and no secret', async () => {
  const { page, desk } = session;
  const client = desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(page, 'Client credentials');
  await fillClientCredentials(form, {
    name: NAME,
    tokenUrl: desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret: client.clientSecret!,
    scopes: 'api:read',
  });
  await saveCredential(page, NAME);

  await openShareTab(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export 1 credential' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('oauth-desk-credentials.json');
  exportedPath = test.info().outputPath('oauth-desk-credentials.json');
  await file.saveAs(exportedPath);
  await expect(
    notification(page, 'status', /configurations only, no secrets or tokens/),
  ).toBeVisible();

  // The JSON Schema ships with the app: the exported file validates against the one it offers.
  const schemaDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the file format’s JSON Schema' }).click();
  const schemaPath = test.info().outputPath('schema.json');
  await (await schemaDownload).saveAs(schemaPath);
  const validate = new Ajv2020({ strict: false }).compile(
    JSON.parse(readFileSync(schemaPath, 'utf8')),
  );

  const text = readFileSync(exportedPath, 'utf8');
  expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  expect(text).not.toContain(client.clientSecret!);
  const document = JSON.parse(text);
  expect(document).toMatchObject({ format: 'oauth-desk.credentials', version: 3 });
  expect(document.credentials).toEqual([
    expect.objectContaining({
      hasClientSecret: true,
      hasPassword: false,
      configuration: expect.objectContaining({
        name: NAME,
        clientId: client.clientId,
        tokenUrl: desk.oidc.endpoints.token,
        scopes: 'api:read',
      }),
    }),
  ]);
});

test('re-imports the file after the credential is gone: preview, import, then the secret is asked for', async () => {
  const { page, desk } = session;
  const client = desk.oidc.clients.clientCredentialsBasic;
  await credentialRow(page, NAME).click();
  await page.getByRole('tab', { name: 'Credential' }).click();
  const detail = credentialDetail(page, NAME);
  await detail.getByRole('button', { name: 'Delete', exact: true }).click();
  await page
    .getByRole('alertdialog', { name: `Delete ${NAME}?` })
    .getByRole('button', { name: 'Delete credential' })
    .click();
  await expect(credentialRow(page, NAME)).toHaveCount(0);

  await openShareTab(page);
  await chooseImportFile(page, exportedPath);
  const items = page.getByRole('list', { name: 'Credentials in this import' });
  const item = items.getByRole('listitem', { name: NAME });
  await expect(item).toContainText('Needs the client secret after import');
  await saveScreenshot(page, 'import-preview');
  await page.getByRole('button', { name: 'Import 1 credential' }).click();
  await expect(
    notification(page, 'status', /^Imported 1 new credential\..*still needs a client secret/),
  ).toBeVisible();
  await expect(credentialRow(page, NAME)).toBeVisible();

  const waiting = page.getByRole('region', { name: 'Waiting for secrets' });
  await waiting.getByLabel(`Client secret for ${NAME}`).fill(client.clientSecret!);
  await waiting.getByRole('button', { name: 'Save client secret' }).click();
  await expect(
    notification(page, 'status', `Stored the client secret of ${NAME}, encrypted.`),
  ).toBeVisible();
  await expect(waiting).toHaveCount(0);

  // The imported credential works: Test gets a token from the real provider.
  await credentialRow(page, NAME).click();
  await page.getByRole('tab', { name: 'Credential' }).click();
  await runAction(credentialDetail(page, NAME), 'Test');
  await expect(notification(page, 'status', /^Fetched a new token valid for/)).toBeVisible();
  await expect(statusBadge(credentialDetail(page, NAME))).toHaveText(/^Connected/);
});

test('importing the same file again shows the conflict and renames only when told', async () => {
  const { page } = session;
  await openShareTab(page);
  await chooseImportFile(page, exportedPath);
  const item = page
    .getByRole('list', { name: 'Credentials in this import' })
    .getByRole('listitem', { name: NAME });
  await expect(item).toContainText('Name taken');
  // A conflict starts as "skip": nothing to import until the user decides.
  await expect(page.getByRole('button', { name: 'Import 0 credentials' })).toBeDisabled();
  await item.getByLabel('What to do').selectOption('rename');
  await item.getByLabel('New name').fill(`${NAME} copy`);
  await page.getByRole('button', { name: 'Import 1 credential' }).click();
  await expect(credentialRow(page, `${NAME} copy`)).toBeVisible();
  // The stored one is untouched beside it.
  await expect(
    page.getByRole('listbox', { name: 'Credential list' }).getByRole('option'),
  ).toHaveCount(2);
});

test('no client secret crossed the bridge in any response', async () => {
  const leaks = findLeaks(session.traffic, [
    session.desk.oidc.clients.clientCredentialsBasic.clientSecret!,
  ]);
  expect(leaks).toEqual([]);
});
