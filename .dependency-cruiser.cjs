// The layer rules of src/, checked by `npm run lint` (depcruise). The layers, inner to outer:
//   shared -> main/oauth (the engine) -> main/vault, main/authorize -> main/services -> main/ipc, main/browser-mode,
//   main/electron -> main/index.ts; preload and renderer see only shared.
// A rule here is the one owner of a boundary; the README's layout section describes the same layers.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-import-cycles',
      comment: 'A cycle makes two modules one; split the shared part out instead.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      comment:
        'src/shared is read by main, preload and renderer alike: it may import only itself and packages.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'renderer-sees-only-shared',
      comment:
        'The renderer is a web page: it reaches main only through window.api, never by import.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs sandboxed in Chromium: Node built-ins do not exist there.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'preload-sees-only-shared',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { path: '^src/(main|renderer)/' },
    },
    {
      name: 'electron-only-at-the-edge',
      comment:
        'Only src/main/electron/, src/main/index.ts and the preload import electron, so every decision runs in plain Node.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main/electron/|main/index\\.ts$|preload/)' },
      to: {
        path: '^electron$',
        dependencyTypes: ['npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown', 'core', 'unknown'],
      },
    },
    {
      name: 'only-the-entry-wires-electron-adapters',
      comment:
        'src/main/electron/ is wired by src/main/index.ts alone; nothing else may depend on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/(electron/|index\\.ts$)' },
      to: { path: '^src/main/electron/' },
    },
    {
      name: 'engine-knows-no-adapters',
      comment:
        'The OAuth engine talks to storage, windows and transports through its ports (oauth/ports.ts) only.',
      severity: 'error',
      from: { path: '^src/main/oauth/' },
      to: { path: '^src/main/', pathNot: '^src/main/(oauth|common)/' },
    },
    {
      name: 'common-helpers-stand-alone',
      comment:
        'src/main/common/ (logger, redaction, secret names, display URLs, network errors, CSP) is used by every layer of main, so it uses none of them: only src/shared/ and itself.',
      severity: 'error',
      from: { path: '^src/main/common/' },
      to: { path: '^src/', pathNot: '^src/(main/common|shared)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
