// The in-memory timeline: bounded in flows and steps, a run of cached lookups folded into one
// entry, and values behind masks forgotten with their flow.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FLOWS,
  DEFAULT_MAX_STEPS_PER_FLOW,
  createTimelineRecorder,
} from '../../../../src/main/timeline/recorder';

describe('timeline recorder', () => {
  it('keeps the newest 200 flows and forgets the values of those it drops', () => {
    const recorder = createTimelineRecorder();
    const first = recorder.startFlow({ credentialId: 'c1', kind: 'test', title: 'Test 0' });
    const ref = first.keeper.keep('a-token-value-of-the-first-flow');
    first.finish('ok');
    for (let i = 1; i <= DEFAULT_MAX_FLOWS; i += 1)
      recorder.startFlow({ credentialId: 'c1', kind: 'test', title: `Test ${i}` }).finish('ok');
    const flows = recorder.list();
    expect(DEFAULT_MAX_FLOWS).toBe(200);
    expect(flows).toHaveLength(200);
    expect(flows[0]!.title).toBe('Test 1');
    expect(recorder.reveal(ref)).toBeUndefined();
  });

  it('keeps the first and the newest steps of a long flow and counts the ones left out', () => {
    const recorder = createTimelineRecorder();
    const flow = recorder.startFlow({ credentialId: 'c1', kind: 'sign_in', title: 'Sign-in' });
    for (let i = 0; i < DEFAULT_MAX_STEPS_PER_FLOW + 30; i += 1)
      flow.addStep({ kind: 'device_poll', title: `Poll ${i}` }).finish({});
    const [kept] = recorder.list();
    expect(DEFAULT_MAX_STEPS_PER_FLOW).toBe(120);
    expect(kept!.steps).toHaveLength(120);
    expect(kept!.droppedSteps).toBe(30);
    expect(kept!.steps[0]!.title).toBe('Poll 0');
    expect(kept!.steps.at(-1)!.title).toBe(`Poll ${DEFAULT_MAX_STEPS_PER_FLOW + 29}`);
  });

  it('folds cached-token lookups in a row into one entry, and clears one credential only', () => {
    const recorder = createTimelineRecorder();
    for (let i = 0; i < 3; i += 1) {
      const flow = recorder.startFlow({
        credentialId: 'c1',
        kind: 'cached',
        title: 'Cached token used',
      });
      flow.addStep({ kind: 'decision', title: 'Cached token used' }).finish({});
      flow.finish('ok');
    }
    recorder.startFlow({ credentialId: 'c2', kind: 'test', title: 'Test' }).finish('ok');
    expect(recorder.list().map((f) => [f.title, f.repeat])).toEqual([
      ['Cached token used', 3],
      ['Test', 1],
    ]);
    expect(recorder.clear('c1')).toBe(1);
    expect(recorder.list().map((f) => f.credentialId)).toEqual(['c2']);
  });
});
