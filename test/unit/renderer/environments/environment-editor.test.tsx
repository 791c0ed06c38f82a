// @vitest-environment jsdom
// Adding, editing and removing a credential's environments from its detail: blank fields inherit
// (the credential's value is the placeholder), the environment's own client secret goes to main
// write-only, the same schema main checks names what is wrong, and removing asks first.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EnvironmentsSection } from '../../../../src/renderer/src/features/environments/environments-section';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { CredentialEnvironment } from '../../../../src/shared/environment-types';
import type { CredentialSummary } from '../../../../src/shared/status';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';
import { markerOf } from '../../../../src/shared/environment-resolve';

const QA: CredentialEnvironment = {
  id: 'default',
  name: 'QA',
  color: 'blue',
  production: false,
  variables: [],
};
const STAGING: CredentialEnvironment = {
  id: 'staging-0a1b2c3d',
  name: 'Staging',
  color: 'amber',
  production: false,
  tokenUrl: 'https://staging.example.com/oauth/token',
  variables: [{ name: 'baseUrl', value: 'https://api.staging.example.com' }],
};

function orders(environments: CredentialEnvironment[] = [QA, STAGING]): CredentialSummary {
  const summary = makeSummary({
    id: 'orders',
    name: 'Orders API',
    clientId: 'orders-qa',
    tokenUrl: 'https://qa.example.com/oauth/token',
    environments,
  });
  return {
    ...summary,
    environment: { id: 'default', name: 'QA', color: 'blue', production: false },
  };
}

async function openEditor(user: ReturnType<typeof userEvent.setup>, button: string) {
  await user.click(screen.getByRole('button', { name: button }));
  return screen.findByRole('form');
}

describe('environment editor', () => {
  it('adds an environment: blank fields inherit, the secret is sent write-only, variables kept', async () => {
    const summary = orders();
    useAppStore.getState().upsertCredential(summary);
    env.api.saveEnvironment.mockResolvedValue(ok(summary));
    env.api.getCredential.mockResolvedValue(ok(summary));
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    const form = await openEditor(user, 'Add environment');
    expect(form.getAttribute('aria-label')).toBe('New environment');
    // The first field takes the keyboard.
    await waitFor(() =>
      expect(document.activeElement).toBe(within(form).getByLabelText('Environment name')),
    );
    // What a blank field inherits is shown in it.
    const tokenUrl = within(form).getByLabelText('Token URL');
    expect(tokenUrl.getAttribute('placeholder')).toBe('https://qa.example.com/oauth/token');
    expect(within(form).getByLabelText('Client ID').getAttribute('placeholder')).toBe('orders-qa');

    await user.type(within(form).getByLabelText('Environment name'), 'Production');
    await user.selectOptions(within(form).getByLabelText('Colour'), 'red');
    await user.click(within(form).getByLabelText('Production'));
    await user.type(tokenUrl, 'https://login.example.com/oauth/token');
    await user.type(within(form).getByLabelText('Client ID'), 'orders-live');
    await user.type(within(form).getByLabelText('Environment client secret'), 'live-secret');
    await user.click(within(form).getByRole('button', { name: '+ Add variable' }));
    await user.type(within(form).getByLabelText('Variables name 1'), 'baseUrl');
    await user.type(within(form).getByLabelText('Variables value 1'), 'https://api.example.com');
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));

    await waitFor(() => expect(env.api.saveEnvironment).toHaveBeenCalledTimes(1));
    expect(env.api.saveEnvironment).toHaveBeenCalledWith({
      id: 'orders',
      environment: {
        name: 'Production',
        color: 'red',
        production: true,
        tokenUrl: 'https://login.example.com/oauth/token',
        clientId: 'orders-live',
        variables: [{ name: 'baseUrl', value: 'https://api.example.com' }],
      },
      clientSecret: { kind: 'set', value: 'live-secret' },
    });
    // The list shows the credential in the active environment: asked for again, as shown.
    expect(env.api.getCredential).toHaveBeenCalledWith({ id: 'orders' });
    // Saved: back on the button that opened the editor.
    const add = await screen.findByRole('button', { name: 'Add environment' });
    await waitFor(() => expect(document.activeElement).toBe(add));
  });

  it('edits an environment keeping its secret, and can go back to the credential’s', async () => {
    const summary = { ...orders(), environmentsWithOwnClientSecret: [STAGING.id] };
    env.api.saveEnvironment.mockResolvedValue(ok(summary));
    env.api.getCredential.mockResolvedValue(ok(summary));
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    let form = await openEditor(user, 'Edit environment Staging');
    expect((within(form).getByLabelText('Token URL') as HTMLInputElement).value).toBe(
      'https://staging.example.com/oauth/token',
    );
    expect(
      (within(form).getByLabelText('Environment client secret') as HTMLInputElement).value,
    ).toBe('');
    await user.clear(within(form).getByLabelText('Token URL'));
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    await waitFor(() => expect(env.api.saveEnvironment).toHaveBeenCalledTimes(1));
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Edit environment Staging' }),
      ),
    );
    const first = env.api.saveEnvironment.mock.calls[0]![0];
    // Cleared: inherits the credential's again. Nothing typed: the secret stays as it is.
    expect(first.environment).not.toHaveProperty('tokenUrl');
    expect(first.environment.id).toBe('staging-0a1b2c3d');
    expect(first.clientSecret).toEqual({ kind: 'keep' });

    form = await openEditor(user, 'Edit environment Staging');
    await user.click(within(form).getByLabelText("Use the credential's client secret"));
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    await waitFor(() => expect(env.api.saveEnvironment).toHaveBeenCalledTimes(2));
    expect(env.api.saveEnvironment.mock.calls[1]![0].clientSecret).toEqual({ kind: 'clear' });
  });

  it('says whether an environment has its own client secret or uses the credential’s', async () => {
    const user = userEvent.setup();
    const withOwn = { ...orders(), environmentsWithOwnClientSecret: [STAGING.id] };
    const { unmount } = render(<EnvironmentsSection summary={withOwn} />);
    expect(screen.getByText(/sets .*its own client secret/)).toBeTruthy();
    let form = await openEditor(user, 'Edit environment Staging');
    expect(within(form).getByText(/has a client secret of its own: blank keeps it/)).toBeTruthy();
    expect(within(form).getByLabelText("Use the credential's client secret")).toBeTruthy();
    unmount();

    render(<EnvironmentsSection summary={{ ...orders(), environmentsWithOwnClientSecret: [] }} />);
    expect(screen.queryByText(/its own client secret/)).toBeNull();
    form = await openEditor(user, 'Edit environment Staging');
    expect(within(form).getByText(/uses the credential's client secret: enter one/)).toBeTruthy();
    // Nothing of its own to remove.
    expect(within(form).queryByLabelText("Use the credential's client secret")).toBeNull();
  });

  it("the credential's own environment sets only its name, colour, production mark and variables", async () => {
    const summary = orders();
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    expect(screen.queryByRole('button', { name: 'Remove environment QA' })).toBeNull();
    const form = await openEditor(user, 'Edit environment QA');
    expect(within(form).queryByLabelText('Token URL')).toBeNull();
    expect(within(form).queryByLabelText('Environment client secret')).toBeNull();
    expect(within(form).getByLabelText('Environment name')).toBeTruthy();
  });

  it('says what is wrong before sending: no name, a name taken, a variable twice', async () => {
    const summary = orders();
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    const form = await openEditor(user, 'Add environment');
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    const name = within(form).getByLabelText('Environment name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Environment name is required')).toBeTruthy();
    expect(within(form).getByRole('alert').textContent).toMatch(/Some fields need attention/);
    await waitFor(() => expect(document.activeElement).toBe(name));

    await user.type(name, 'staging');
    await user.click(within(form).getByRole('button', { name: '+ Add variable' }));
    await user.click(within(form).getByRole('button', { name: '+ Add variable' }));
    await user.type(within(form).getByLabelText('Variables name 1'), 'host');
    await user.type(within(form).getByLabelText('Variables name 2'), 'host');
    await user.type(within(form).getByLabelText('Token URL'), 'not a url');
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    expect(
      within(form).getByText(
        'This credential already has an environment called "staging": choose another name.',
      ),
    ).toBeTruthy();
    expect(within(form).getByText('Variable "host" is defined twice')).toBeTruthy();
    expect(within(form).getByLabelText('Token URL').getAttribute('aria-invalid')).toBe('true');
    expect(env.api.saveEnvironment).not.toHaveBeenCalled();
  });

  it("shows main's field errors inline when it refuses", async () => {
    const summary = orders();
    env.api.saveEnvironment.mockResolvedValue({
      ok: false,
      error: {
        code: 'validation',
        message: 'Check the highlighted fields.',
        fields: { clientSecret: 'The secret store is read-only: nothing was saved.' },
      },
    });
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    const form = await openEditor(user, 'Add environment');
    await user.type(within(form).getByLabelText('Environment name'), 'Production');
    await user.type(within(form).getByLabelText('Environment client secret'), 'x');
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    expect(
      await within(form).findByText('The secret store is read-only: nothing was saved.'),
    ).toBeTruthy();
    expect(within(form).getByRole('alert').textContent).toBe('Check the highlighted fields.');
    // The form stays open with what was typed.
    expect((within(form).getByLabelText('Environment name') as HTMLInputElement).value).toBe(
      'Production',
    );
  });

  it('fills the endpoints from a preset or the issuer, and sends its own extra parameters', async () => {
    const summary = orders();
    useAppStore.setState({
      presets: [
        {
          id: 'acme',
          label: 'Acme',
          authorizationUrl: 'https://acme.example.com/authorize',
          tokenUrl: 'https://acme.example.com/token',
        } as never,
      ],
    });
    env.api.discoverIssuer.mockResolvedValue(
      ok({
        issuer: 'https://login.example.com',
        tokenUrl: 'https://login.example.com/oauth/token',
        revocationUrl: 'https://login.example.com/oauth/revoke',
      }),
    );
    env.api.saveEnvironment.mockResolvedValue(ok(summary));
    env.api.getCredential.mockResolvedValue(ok(summary));
    const user = userEvent.setup();
    render(<EnvironmentsSection summary={summary} />);
    const form = await openEditor(user, 'Add environment');
    const value = (label: string) => (within(form).getByLabelText(label) as HTMLInputElement).value;
    await user.selectOptions(within(form).getByLabelText('Fill from preset'), 'Acme');
    expect(value('Authorization URL')).toBe('https://acme.example.com/authorize');
    expect(value('Token URL')).toBe('https://acme.example.com/token');

    await user.type(within(form).getByLabelText('Issuer'), 'https://login.example.com');
    await user.click(
      within(form).getByRole('button', { name: 'Discover endpoints from the issuer' }),
    );
    expect(
      await within(form).findByText('Filled the endpoints from https://login.example.com.'),
    ).toBeTruthy();
    expect(env.api.discoverIssuer).toHaveBeenCalledWith({ issuer: 'https://login.example.com' });
    expect(value('Token URL')).toBe('https://login.example.com/oauth/token');
    expect(value('Revocation URL')).toBe('https://login.example.com/oauth/revoke');
    // What discovery did not name stays as it was.
    expect(value('Authorization URL')).toBe('https://acme.example.com/authorize');

    await user.type(within(form).getByLabelText('Environment name'), 'Production');
    await user.click(within(form).getByLabelText('Own extra parameters and headers'));
    await user.click(within(form).getByRole('button', { name: '+ Add to token request' }));
    await user.type(within(form).getByLabelText('Token request extra 1 name'), 'tenant');
    await user.type(within(form).getByLabelText('Token request extra 1 value'), 'live');
    await user.click(within(form).getByRole('button', { name: 'Save environment' }));
    await waitFor(() => expect(env.api.saveEnvironment).toHaveBeenCalledTimes(1));
    const sent = env.api.saveEnvironment.mock.calls[0]![0].environment;
    expect(sent).toMatchObject({
      issuer: 'https://login.example.com',
      tokenUrl: 'https://login.example.com/oauth/token',
      revocationUrl: 'https://login.example.com/oauth/revoke',
      authorizationUrl: 'https://acme.example.com/authorize',
    });
    expect(sent.requestExtras).toEqual([
      expect.objectContaining({ stage: 'token', name: 'tenant', value: 'live' }),
    ]);
  });

  it('removes an environment only after confirming, saying the others keep their tokens', async () => {
    const summary = orders();
    env.api.removeEnvironment.mockResolvedValue(ok(orders([QA])));
    env.api.getCredential.mockResolvedValue(ok(orders([QA])));
    const user = userEvent.setup();
    // The tester's request was picked for Staging: it follows the active environment once Staging goes.
    useAppStore.getState().chooseCredential('orders');
    useAppStore.getState().chooseEnvironment(STAGING.id);
    render(<EnvironmentsSection summary={summary} />);
    await user.click(screen.getByRole('button', { name: 'Remove environment Staging' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Remove Staging?' });
    expect(dialog.textContent).toContain(
      'The other environments and their tokens stay as they are.',
    );
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(env.api.removeEnvironment).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove environment Staging' }));
    dialog = screen.getByRole('alertdialog', { name: 'Remove Staging?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove environment' }));
    await waitFor(() =>
      expect(env.api.removeEnvironment).toHaveBeenCalledWith({
        id: 'orders',
        environmentId: 'staging-0a1b2c3d',
      }),
    );
    await waitFor(() =>
      expect(useAppStore.getState().credentials.orders?.config.environments).toEqual([
        markerOf(QA),
      ]),
    );
    expect(useAppStore.getState().draft.environmentId).toBeNull();
  });
});
