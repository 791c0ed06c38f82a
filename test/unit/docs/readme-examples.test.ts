// Every TypeScript example in the README compiles against the code as it is: an example that no
// longer type-checks is a README that is no longer exact.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

/** The ```ts blocks of a Markdown file, with the line each starts on. */
export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const fence = /^```(ts|typescript)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, code: match[2]! });
  }
  return blocks;
}

/** Type-checks `code` as if it were a file at the repository root, with the Node project's settings. */
function typeErrors(code: string, fileName: string): string[] {
  const configPath = resolve(root, 'tsconfig.node.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.node.json could not be read');
  const virtualPath = resolve(root, fileName);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => (resolve(path) === virtualPath ? code : readFile(path));
  host.fileExists = (path) => resolve(path) === virtualPath || fileExists(path);
  host.getSourceFile = (path, language, onError, shouldCreate) =>
    resolve(path) === virtualPath
      ? ts.createSourceFile(path, code, language, true, ts.ScriptKind.TS)
      : getSourceFile(path, language, onError, shouldCreate);
  const program = ts.createProgram([virtualPath], parsed.options, host);
  const source = program.getSourceFile(virtualPath)!;
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `line ${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('README examples', () => {
  const blocks = typescriptBlocks(readFileSync(resolve(root, 'README.md'), 'utf8'));

  it('has TypeScript examples to check', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('finds a type error when an example has one', () => {
    expect(typeErrors("const n: number = 'one';\nexport {};\n", 'readme-probe.ts')).toEqual([
      expect.stringContaining('TS2322'),
    ]);
  });

  for (const block of blocks) {
    it(`compiles the example at README.md:${block.line}`, () => {
      expect(typeErrors(block.code, `readme-example-${block.line}.ts`)).toEqual([]);
    });
  }
});
