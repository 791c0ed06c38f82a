// The application menu: what a user needs (copy/paste shortcuts, window, quit) and, in a packaged
// build, nothing that reloads the page or opens DevTools (where `window.api.revealToken()` would be
// one console line away). Electron's default menu has both (electron/electron
// lib/browser/default-menu.ts, viewMenu; lib/browser/api/menu-item-roles.ts, toggledevtools).
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  appName: string;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  // Copy, paste and select-all shortcuts in text fields come from these roles on macOS.
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (!options.isPackaged) {
    template.push({
      label: 'Develop',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
    });
  }
  template.push({
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  return template;
}

/** Every role in a template, for checks. */
export function menuRoles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}
