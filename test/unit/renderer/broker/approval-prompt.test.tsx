// @vitest-environment jsdom
// The approval prompt names the environment whose token a script asks for, and says when it is a
// production one that a yes covers alone.
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerPrompt, BrokerState } from '../../../../src/shared/broker';
import { ApprovalPrompt } from '../../../../src/renderer/src/features/broker/approval-prompt';
import { useBrokerStore } from '../../../../src/renderer/src/features/broker/broker-store';
import '../support/setup';

const prompt = (environment?: BrokerPrompt['environment']): BrokerPrompt => ({
  id: 'p1',
  credentialId: 'c1',
  credentialName: 'Orders API',
  client: {
    name: 'oauth-desk token',
    pid: 10,
    parentPid: 9,
    parentExecutable: '/usr/bin/bash',
    parentCommand: 'bash',
    workingFolder: '/home/dev/orders',
    identity: 'claimed',
  },
  operation: 'token',
  origin: null,
  ...(environment ? { environment } : {}),
  createdAt: 1,
  expiresAt: 2,
});

const show = (p: BrokerPrompt) =>
  useBrokerStore.setState({ state: { prompts: [p] } as unknown as BrokerState });

afterEach(() => useBrokerStore.setState({ state: null } as never));

describe('Approval prompt and environments', () => {
  it('names a production environment and says the approval covers it alone', () => {
    show(prompt({ id: 'e1', name: 'Production', color: 'red', production: true }));
    render(<ApprovalPrompt />);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('in the Production environment');
    expect(dialog.textContent).toContain('an approval given here covers it alone');
  });

  it('names the signed-in user whose token it is', () => {
    show({ ...prompt(), account: { id: 'acct-b', name: 'bob@example.test' } });
    render(<ApprovalPrompt />);
    expect(screen.getByRole('alertdialog').textContent).toContain(', as bob@example.test.');
  });

  it('names a test environment without the production warning', () => {
    show(prompt({ id: 'e2', name: 'QA', color: 'blue', production: false }));
    render(<ApprovalPrompt />);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('in the QA environment');
    expect(dialog.textContent).not.toContain('production environment');
  });
});
