// @vitest-environment jsdom
// A preset's issuer is shown and editable, and never left describing a server the endpoints no
// longer point to: moving them (Salesforce sandbox, My Domain) clears it with a notice that says
// why, moving them back restores it, and what is saved matches what is shown.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CredentialForm } from '../../../../src/renderer/src/features/credential-form/credential-form';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ProviderPreset } from '../../../../src/shared/status';
import type { CredentialInputDraft } from '../../../../src/shared/credential';
import { findPreset } from '../../../../src/main/oauth/presets';
import '../support/setup';

const SALESFORCE = findPreset('salesforce') as ProviderPreset;
const CUSTOM: ProviderPreset = { id: 'custom', label: 'Custom', scopes: '', grantTypes: [] };

function renderForm() {
  const saveCredential = vi.fn(async (_id: string | null, _input: CredentialInputDraft) => ({
    ok: false as const,
    error: { code: 'validation', message: 'stop' },
  }));
  useAppStore.setState({ presets: [CUSTOM, SALESFORCE], saveCredential } as never);
  const user = userEvent.setup();
  render(<CredentialForm onDone={vi.fn()} />);
  return { user, saveCredential };
}

const input = (label: string) => screen.getByLabelText(label, { exact: true }) as HTMLInputElement;

async function replace(user: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  await user.clear(input(label));
  await user.type(input(label), text);
}

describe("a preset's issuer", () => {
  it('is shown, and editable under Advanced', async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Salesforce');
    expect(screen.getByText(/Issuer: https:\/\/login\.salesforce\.com/)).toBeTruthy();
    await user.click(screen.getByText('Advanced'));
    expect(input('Issuer').value).toBe('https://login.salesforce.com');
  });

  it('is cleared with a notice when the endpoints move to another server, and restored when they come back', async () => {
    const { user, saveCredential } = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Salesforce');
    await replace(user, 'Token URL', 'https://test.salesforce.com/services/oauth2/token');
    const notice = screen.getByRole('status');
    expect(notice.textContent).toContain('The issuer https://login.salesforce.com was cleared');
    expect(notice.textContent).toContain('https://test.salesforce.com');
    expect(screen.queryByText(/Issuer: https:\/\/login\.salesforce\.com/)).toBeNull();

    await user.type(input('Client ID'), 'connected-app');
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(saveCredential.mock.calls.at(-1)![1].fields.issuer).toBeUndefined();

    await replace(user, 'Token URL', 'https://login.salesforce.com/services/oauth2/token');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText(/Issuer: https:\/\/login\.salesforce\.com/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save credential' }));
    expect(saveCredential.mock.calls.at(-1)![1].fields.issuer).toBe('https://login.salesforce.com');
  });

  it('a typed issuer is kept as typed when the endpoints then change', async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText('Provider preset'), 'Salesforce');
    await replace(
      user,
      'Authorization URL',
      'https://acme.my.salesforce.com/services/oauth2/authorize',
    );
    await user.click(screen.getByText('Advanced'));
    await replace(user, 'Issuer', 'https://acme.my.salesforce.com');
    await replace(user, 'Token URL', 'https://acme.my.salesforce.com/services/oauth2/token');
    expect(input('Issuer').value).toBe('https://acme.my.salesforce.com');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
