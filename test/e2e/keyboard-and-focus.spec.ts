// Working all day from the keyboard: focus goes somewhere useful after each action, outcomes are
// announced without moving it, the credential's actions have shortcuts, notifications close or
// stay as they should, and the request tester follows the credential selected in the list.
import { expect, test } from '@playwright/test';
import { useDeskSession } from './support/desk-session';
import {
  credentialDetail,
  credentialForm,
  credentialRow,
  fillClientCredentials,
  notification,
  openTab,
  startAddCredential,
} from './support/flows';

const NAME = 'Warehouse API';
const OTHER = 'Shipping API';

const session = useDeskSession();

const list = () => session.page.getByRole('listbox', { name: 'Credential list' });

async function addClientCredentials(name: string, clientSecret: string): Promise<void> {
  const client = session.desk.oidc.clients.clientCredentialsBasic;
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name,
    tokenUrl: session.desk.oidc.endpoints.token,
    clientId: client.clientId,
    clientSecret,
    scopes: 'api:read',
  });
  await form.getByRole('button', { name: 'Save credential' }).click();
  await expect(credentialForm(session.page)).toBeHidden();
}

test('Add puts the focus on the first field; Save puts it on the saved credential in the list', async () => {
  await session.page
    .getByRole('region', { name: 'Credentials' })
    .getByRole('button', { name: 'Add credential' })
    .first()
    .click();
  await expect(credentialForm(session.page).getByLabel('Provider preset')).toBeFocused();
  await credentialForm(session.page).getByRole('button', { name: 'Cancel', exact: true }).click();
  // Cancelled: back on the button that opened the form.
  await expect(session.page.getByRole('button', { name: 'Add credential' }).first()).toBeFocused();

  await addClientCredentials(NAME, 'not-the-secret');
  await expect(list()).toBeFocused();
  const row = credentialRow(session.page, NAME);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(list()).toHaveAttribute('aria-activedescendant', (await row.getAttribute('id'))!);
  await expect(credentialDetail(session.page, NAME)).toBeVisible();
});

test('Test keeps the focus on its button; the error stays until a later outcome for the credential replaces it', async () => {
  const detail = credentialDetail(session.page, NAME);
  const testButton = detail.getByRole('button', { name: 'Test', exact: true });
  await testButton.focus();
  await session.page.keyboard.press('Enter');
  const failure = notification(
    session.page,
    'alert',
    /invalid_client|client authentication|client secret/i,
  );
  await expect(failure).toBeVisible();
  await expect(testButton).toBeFocused();

  // Fix the secret; the next outcome for this credential takes the error's place.
  await detail.getByRole('button', { name: 'Edit', exact: true }).click();
  const form = session.page.getByRole('form', { name: `Edit ${NAME}` });
  await form
    .getByLabel('Client secret', { exact: true })
    .fill(session.desk.oidc.clients.clientCredentialsBasic.clientSecret!);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(failure).toHaveCount(0);
  const saved = notification(session.page, 'status', `Saved ${NAME}.`);
  await expect(saved).toBeVisible();
  // A success closes by itself.
  await expect(saved).toBeHidden();
});

test('Alt+T runs Test on the selected credential; the tooltip says so', async () => {
  const detail = credentialDetail(session.page, NAME);
  const testButton = detail.getByRole('button', { name: 'Test', exact: true });
  await expect(testButton).toHaveAttribute('title', 'Test (Alt+T)');
  await expect(testButton).toHaveAttribute('aria-keyshortcuts', 'Alt+T');
  const before = session.desk.oidc.tokenRequests({ grantType: 'client_credentials' }).length;
  await list().focus();
  await session.page.keyboard.press('Alt+KeyT');
  await expect(notification(session.page, 'status', /^Fetched a new token/)).toBeVisible();
  expect(session.desk.oidc.tokenRequests({ grantType: 'client_credentials' }).length).toBe(
    before + 1,
  );
});

test('the delete dialog focuses Cancel, and closing it returns the focus to Delete', async () => {
  const detail = credentialDetail(session.page, NAME);
  const deleteButton = detail.getByRole('button', { name: 'Delete', exact: true });
  await deleteButton.click();
  const dialog = session.page.getByRole('alertdialog', { name: `Delete ${NAME}?` });
  await expect(dialog.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
  await session.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(deleteButton).toBeFocused();
});

test('the request tester uses the credential selected in the list until another is picked there', async () => {
  await addClientCredentials(OTHER, session.desk.oidc.clients.clientCredentialsBasic.clientSecret!);
  await openTab(session.page, 'Request tester');
  const picker = session.page.getByRole('combobox', { name: 'Credential', exact: true });
  await expect(picker.locator('option:checked')).toHaveText(OTHER);
  await credentialRow(session.page, NAME).click();
  await expect(picker.locator('option:checked')).toHaveText(NAME);

  await picker.selectOption({ label: 'No auth' });
  await credentialRow(session.page, OTHER).click();
  await expect(credentialRow(session.page, OTHER)).toHaveAttribute('aria-selected', 'true');
  await expect(picker.locator('option:checked')).toHaveText('No auth');
});

test('Enter in the URL field sends', async () => {
  const url = session.page.getByRole('textbox', { name: 'URL' });
  await url.fill(`${session.desk.api.url}/items`);
  await url.press('Enter');
  await expect(
    session.page.getByRole('region', { name: 'Response' }).getByLabel('Response status'),
  ).toHaveText(/^401\b/);
  await expect(url).toBeFocused();
});
