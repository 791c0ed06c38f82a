// Which controls on the page have no accessible name, read from Chromium's own accessibility tree
// (the tree screen readers get), not from our guess of how names are computed.
import type { Page } from '@playwright/test';

/** Roles a user operates; each needs a name to be found by ear (WCAG 2.2, 4.1.2 Name, Role, Value). */
const OPERABLE_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'listbox',
  'menuitem',
  'option',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'textbox',
]);

interface AXValue {
  value?: unknown;
}
interface AXNode {
  ignored?: boolean;
  role?: AXValue;
  name?: AXValue;
  backendDOMNodeId?: number;
}
interface DescribedNode {
  localName?: string;
  attributes?: string[];
}

/** One line per unnamed control: its role and the opening tag of its element. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const found: string[] = [];
    for (const node of nodes) {
      const role = String(node.role?.value ?? '');
      if (node.ignored || !OPERABLE_ROLES.has(role)) continue;
      if (String(node.name?.value ?? '').trim() !== '') continue;
      let element = '(no element)';
      if (node.backendDOMNodeId !== undefined) {
        const { node: dom } = (await cdp.send('DOM.describeNode', {
          backendNodeId: node.backendDOMNodeId,
        })) as {
          node: DescribedNode;
        };
        const attributes = dom.attributes ?? [];
        const pairs = [];
        for (let i = 0; i + 1 < attributes.length; i += 2)
          pairs.push(`${attributes[i]}="${attributes[i + 1]}"`);
        element = `<${dom.localName ?? '?'}${pairs.length ? ` ${pairs.join(' ')}` : ''}>`;
      }
      found.push(`${role}: ${element}`);
    }
    return found;
  } finally {
    await cdp.detach();
  }
}
