// electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is
// signed, so the installed app cannot be turned into a plain Node runtime or debugger
// (electron/electron docs/tutorial/security.md #19, docs/tutorial/fuses.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- electron-builder loads this hook as CommonJS
const path = require('node:path');

/** The fuses, by @electron/fuses FuseV1Options name. */
const FUSES = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false,
};

/** The executable inside electron-builder's appOutDir for each platform. */
function electronBinaryIn(context) {
  const { productFilename } = context.packager.appInfo;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${productFilename}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

async function fuseConfig() {
  const { FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: true };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}

async function afterPack(context) {
  const { flipFuses } = await import('@electron/fuses');
  await flipFuses(electronBinaryIn(context), await fuseConfig());
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinaryIn = electronBinaryIn;
