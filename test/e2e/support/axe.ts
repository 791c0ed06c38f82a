// WCAG 2.2 AA checks by axe-core over the page as the user sees it, in the light and the dark
// theme (the app follows prefers-color-scheme). A violation is reported with the rule, the
// element and axe's own summary, so a failure says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type ColorScheme = 'light' | 'dark';

/** One line per failing node: "[theme] rule: target: summary". */
export async function axeViolations(
  page: Page,
  schemes: ColorScheme[] = ['light', 'dark'],
): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    // The label-content-name-mismatch rule is experimental in axe: asked for explicitly.
    // The list pane's resizer is the WAI-ARIA window splitter (a focusable separator, a widget in
    // ARIA 1.2) standing between the two landmarks it resizes; axe's best-practice `region` and
    // experimental `focus-order-semantics` rules do not model that pattern, so it is left out here.
    // Its name and value are checked by the accessible-name walk and the layout spec.
    const results = await new AxeBuilder({ page })
      .withTags([...WCAG_AA, 'best-practice', 'experimental'])
      .exclude('.pane-resizer')
      .analyze();
    for (const violation of results.violations) {
      for (const node of violation.nodes) {
        const summary = (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim();
        found.push(`[${scheme}] ${violation.id}: ${node.target.join(' ')}: ${summary}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
