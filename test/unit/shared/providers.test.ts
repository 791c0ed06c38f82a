// One name per provider: the presets main sends and the names the renderer shows come from
// shared/providers.ts, so the picker and the list can never call one provider two things.
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS, PROVIDER_NAMES, providerName } from '../../../src/shared/providers';
import { PROVIDER_PRESETS } from '../../../src/main/oauth/presets';

describe('provider names', () => {
  it('every provider has a preset, labelled with the name the list shows', () => {
    expect(PROVIDER_PRESETS.map((p) => p.id).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const preset of PROVIDER_PRESETS) expect(preset.label).toBe(providerName(preset.id));
    expect(providerName('microsoft')).toBe('Microsoft (Entra ID)');
  });

  it('an id this version does not know is shown as it is, and inherited keys are not names', () => {
    expect(providerName('okta')).toBe('okta');
    expect(providerName('toString')).toBe('toString');
    expect(Object.keys(PROVIDER_NAMES)).toEqual([...PROVIDER_IDS]);
  });
});
