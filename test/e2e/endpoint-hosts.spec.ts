// A token URL whose host imitates a well-known one with a non-ASCII letter is shown with its
// punycode, the host the request really goes to, so it cannot pass for the real provider.
import { expect, test } from '@playwright/test';
import { fillClientCredentials, saveCredential, startAddCredential } from './support/flows';
import { useDeskSession } from './support/desk-session';

const session = useDeskSession();

test('a look-alike token host (Cyrillic а) shows its punycode next to the Unicode form', async () => {
  const name = 'Look-alike Google';
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name,
    // U+0430 CYRILLIC SMALL LETTER A in place of the first "a".
    tokenUrl: 'https://\u0430ccounts.google.com/o/oauth2/token',
    clientId: 'lookalike-client',
    clientSecret: 'lookalike-secret',
    scopes: '',
  });
  const detail = await saveCredential(session.page, name);
  await expect(detail.locator('header')).toContainText(
    'https://\u0430ccounts.google.com/o/oauth2/token (xn--ccounts-1fg.google.com)',
  );
});

test('an ASCII token host is shown as it is', async () => {
  const name = 'Real Google';
  const form = await startAddCredential(session.page, 'Client credentials');
  await fillClientCredentials(form, {
    name,
    tokenUrl: 'https://accounts.google.com/o/oauth2/token',
    clientId: 'real-client',
    clientSecret: 'real-secret',
    scopes: '',
  });
  const detail = await saveCredential(session.page, name);
  await expect(detail.locator('header')).toContainText(
    '· https://accounts.google.com/o/oauth2/token',
  );
  await expect(detail.locator('header')).not.toContainText('xn--');
});
