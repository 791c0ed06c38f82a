// @vitest-environment jsdom
// The timeline tab: flows listed newest first and filtered, a waterfall per flow, a failed step
// marked with its error, authorization parameters and JWT claims decoded, masked values revealed
// only on an explicit click, HAR export and live updates from main.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { TimelineFlow, TimelineStep } from '../../../../src/shared/timeline';
import { TimelinePanel } from '../../../../src/renderer/src/features/timeline/timeline-panel';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { subscribeToMainEvents } from '../../../../src/renderer/src/store/subscribe-events';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const RAW_TOKEN = 'raw-access-token-never-in-the-renderer-0123456789';
const MASKED = 'raw-…6789 (49 chars, masked)';

function step(
  overrides: Partial<TimelineStep> & Pick<TimelineStep, 'kind' | 'title'>,
): TimelineStep {
  return {
    id: `${overrides.kind}-${overrides.title}`,
    startedAt: 1_000,
    durationMs: 20,
    outcome: 'ok',
    ...overrides,
  };
}

function signIn(credentialId: string): TimelineFlow {
  return {
    id: 'flow-sign-in',
    credentialId,
    kind: 'sign_in',
    title: 'Sign-in',
    startedAt: 1_000,
    endedAt: 1_400,
    outcome: 'ok',
    droppedSteps: 0,
    repeat: 1,
    steps: [
      step({
        kind: 'authorization_request',
        title: 'Authorization request',
        durationMs: 300,
        request: {
          method: 'GET',
          url: 'https://idp.example/auth?response_type=code',
          headers: [],
          query: [
            { name: 'response_type', value: 'code' },
            { name: 'redirect_uri', value: 'http://127.0.0.1:53682/callback' },
            { name: 'scope', value: 'openid api:read' },
            { name: 'code_challenge_method', value: 'S256' },
          ],
        },
      }),
      step({
        kind: 'token_request',
        title: 'Token request: authorization_code grant',
        startedAt: 1_300,
        durationMs: 90,
        request: {
          method: 'POST',
          url: 'https://idp.example/token',
          headers: [],
          query: [],
          form: [{ name: 'code', value: '•••••• (20 chars, masked)', secretRef: 'ref-code' }],
        },
        response: {
          status: 200,
          statusText: 'OK',
          headers: [],
          mimeType: 'application/json',
          body: '{}',
          sizeBytes: 900,
          truncated: false,
          fields: [
            {
              name: 'access_token',
              value: MASKED,
              secretRef: 'ref-token',
              jwt: { header: { alg: 'RS256' }, claims: { sub: 'alice', scope: 'api:read' } },
            },
            { name: 'token_type', value: 'Bearer' },
          ],
        },
      }),
    ],
  };
}

function failedRefresh(credentialId: string): TimelineFlow {
  return {
    id: 'flow-refresh',
    credentialId,
    kind: 'refresh',
    title: 'Refresh now',
    startedAt: 5_000,
    endedAt: 5_100,
    outcome: 'failed',
    error: {
      code: 'invalid_grant',
      message: 'The refresh token is no longer valid. Click Authorize to sign in again.',
    },
    droppedSteps: 0,
    repeat: 1,
    steps: [
      step({
        kind: 'refresh',
        title: 'Token request: refresh_token grant',
        startedAt: 5_000,
        outcome: 'failed',
        error: { message: 'invalid_grant — grant request is invalid' },
        request: {
          method: 'POST',
          url: 'https://idp.example/token',
          headers: [],
          query: [],
          form: [{ name: 'grant_type', value: 'refresh_token' }],
        },
        response: {
          status: 400,
          statusText: 'Bad Request',
          headers: [],
          mimeType: 'application/json',
          body: '{"error":"invalid_grant"}',
          sizeBytes: 25,
          truncated: false,
        },
      }),
    ],
  };
}

function setup() {
  const summary = makeSummary({ name: 'Team API' });
  useAppStore.getState().upsertCredential(summary);
  const id = summary.config.id;
  env.api.listTimeline.mockResolvedValue(
    ok({ flows: [signIn(id), failedRefresh(id)], settings: { persist: false } }),
  );
  return { id };
}

describe('timeline panel', () => {
  it('lists flows newest first and opens the failed step of a failed flow with its error', async () => {
    setup();
    render(<TimelinePanel />);
    const flows = await screen.findByRole('list', { name: 'Flows' });
    const items = within(flows).getAllByRole('listitem');
    expect(items.map((i) => within(i).getByRole('button').textContent)).toEqual([
      expect.stringMatching(/^✕ Refresh now.*Team API/),
      expect.stringMatching(/^Sign-in.*Team API.*2 steps/),
    ]);
    const detail = screen.getByRole('region', { name: 'Flow Refresh now' });
    expect(within(detail).getByRole('note', { name: 'Flow error' }).textContent).toMatch(
      /refresh token is no longer valid/,
    );
    const stepDetail = within(detail).getByRole('region', {
      name: 'Step Token request: refresh_token grant',
    });
    expect(within(stepDetail).getByRole('note', { name: 'Step error' }).textContent).toBe(
      'invalid_grant — grant request is invalid',
    );
    expect(within(stepDetail).getByLabelText('Response status').textContent).toMatch(
      /^400 Bad Request/,
    );
  });

  it('shows the waterfall, the authorization parameters and decoded JWT claims, never a raw secret', async () => {
    setup();
    const user = userEvent.setup();
    render(<TimelinePanel />);
    await user.click(await screen.findByRole('button', { name: /^Sign-in/ }));
    const detail = screen.getByRole('region', { name: 'Flow Sign-in' });
    const rows = within(within(detail).getByRole('list', { name: 'Waterfall' })).getAllByRole(
      'listitem',
    );
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^Authorization request.*300 ms$/),
      expect.stringMatching(/^Token request: authorization_code grant · 200.*90 ms$/),
    ]);
    const params = within(detail).getByRole('table', { name: 'Authorization request parameters' });
    expect(within(params).getByRole('row', { name: /redirect_uri/ }).textContent).toContain(
      'http://127.0.0.1:53682/callback',
    );
    expect(within(params).getByRole('row', { name: /scope/ }).textContent).toContain(
      'openid api:read',
    );

    await user.click(
      within(detail).getByRole('button', { name: /^Token request: authorization_code grant/ }),
    );
    const fields = within(detail).getByRole('table', { name: 'Response fields' });
    expect(within(fields).getByLabelText('access_token value').textContent).toBe(MASKED);
    expect(
      within(detail).getByRole('table', { name: 'access_token: JWT claims' }).textContent,
    ).toContain('alice');
    expect(within(detail).getByRole('table', { name: 'Form body' }).textContent).toContain(
      '•••••• (20 chars, masked)',
    );
    expect(document.body.textContent).not.toContain(RAW_TOKEN);
    expect(env.api.revealTimelineValue).not.toHaveBeenCalled();
  });

  it('reveals one value only when asked, and hides it again', async () => {
    setup();
    env.api.revealTimelineValue.mockResolvedValue(ok({ value: RAW_TOKEN }));
    const user = userEvent.setup();
    render(<TimelinePanel />);
    await user.click(await screen.findByRole('button', { name: /^Sign-in/ }));
    await user.click(
      screen.getByRole('button', { name: /^Token request: authorization_code grant/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Reveal access_token' }));
    expect(env.api.revealTimelineValue).toHaveBeenCalledWith({ secretRef: 'ref-token' });
    expect(screen.getByLabelText('access_token value').textContent).toBe(RAW_TOKEN);
    await user.click(screen.getByRole('button', { name: 'Hide access_token' }));
    expect(document.body.textContent).not.toContain(RAW_TOKEN);
  });

  it('filters by outcome and kind', async () => {
    setup();
    const user = userEvent.setup();
    render(<TimelinePanel />);
    const flows = await screen.findByRole('list', { name: 'Flows' });
    await user.selectOptions(screen.getByLabelText('Filter by outcome'), 'Succeeded');
    expect(
      within(flows)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual([expect.stringMatching(/^Sign-in/)]);
    await user.selectOptions(screen.getByLabelText('Filter by outcome'), 'Any outcome');
    await user.selectOptions(screen.getByLabelText('Filter by kind'), 'Refresh');
    expect(
      within(flows)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual([expect.stringMatching(/^✕ Refresh now/)]);
    await user.selectOptions(screen.getByLabelText('Filter by kind'), 'Revoke');
    expect(screen.getByText('No flow matches the filters')).toBeTruthy();
  });

  it('exports the selected flows as a HAR download and copies a step as curl', async () => {
    setup();
    env.api.exportTimelineHar.mockResolvedValue(
      ok({ fileName: 'oauth-desk-x.har', text: '{"log":{}}' }),
    );
    env.api.copyTimelineStepAsCurl.mockResolvedValue(
      ok({ command: "curl 'https://idp.example/token'", variables: ['CODE'] }),
    );
    const createObjectURL = vi.fn(() => 'blob:har');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    const user = userEvent.setup();
    render(<TimelinePanel />);
    const exportButton = await screen.findByRole('button', { name: 'Export selected as HAR' });
    expect(exportButton).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('checkbox', { name: 'Select Sign-in for export' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Refresh now for export' }));
    await user.click(screen.getByRole('button', { name: 'Export selected as HAR (2)' }));
    expect(env.api.exportTimelineHar).toHaveBeenCalledWith({
      flowIds: ['flow-sign-in', 'flow-refresh'],
    });
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(clicked).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('button', { name: 'Copy step as curl' }));
    expect(env.api.copyTimelineStepAsCurl).toHaveBeenCalledWith({
      flowId: 'flow-refresh',
      stepId: 'refresh-Token request: refresh_token grant',
    });
    await vi.waitFor(() =>
      expect(useAppStore.getState().toasts.map((t) => t.message)).toContain(
        'curl command copied. Set $CODE before running it.',
      ),
    );
    // user-event puts its own clipboard in place of the browser's.
    expect(await navigator.clipboard.readText()).toBe("curl 'https://idp.example/token'");
    clicked.mockRestore();
  });

  it('follows main: new flows appear, removed ones go, and Clear asks main to forget', async () => {
    const { id } = setup();
    const unsubscribe = subscribeToMainEvents(useAppStore);
    render(<TimelinePanel />);
    await screen.findByRole('list', { name: 'Flows' });
    const revoke: TimelineFlow = {
      ...signIn(id),
      id: 'flow-revoke',
      kind: 'revoke',
      title: 'Revoke',
      startedAt: 9_000,
      steps: [],
    };
    act(() => env.api.emit('timelineChanged', { flows: [revoke], removedIds: ['flow-sign-in'] }));
    const titles = within(screen.getByRole('list', { name: 'Flows' }))
      .getAllByRole('listitem')
      .map((i) => i.textContent);
    expect(titles).toEqual([
      expect.stringMatching(/^Revoke/),
      expect.stringMatching(/^✕ Refresh now/),
    ]);

    env.api.clearTimeline.mockResolvedValue(ok({ cleared: 2 }));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Clear timeline' }));
    expect(env.api.clearTimeline).toHaveBeenCalledWith({ credentialId: null });
    expect(screen.getByText('Nothing recorded yet')).toBeTruthy();
    unsubscribe();
  });
});
