// Works out what the chosen files are and hands them to the reader for that tool. One import
// reads one source: an OAuth Desk export, a Postman collection (with environments), an Insomnia
// export, or a Bruno collection's .bru files. A file nobody recognises is named in the error.
import type { ImportSource } from '../../shared/share';
import { parseJsonFile, unreadable, type SourceFile, type SourceRead } from './sources/candidate';
import { isBrunoFile, readBruno } from './sources/bruno';
import { isInsomniaV4, looksLikeInsomniaV5, readInsomnia } from './sources/insomnia';
import { isPostmanCollection, isPostmanEnvironment, readPostman } from './sources/postman';
import { isShareFile, readShareFile } from './sources/share-file';

const WHAT_WE_READ =
  'OAuth Desk reads its own exports, Postman collections (v2.1) with their environments, Insomnia exports (v4 JSON, v5 YAML) and Bruno collections (.bru files)';

export function readImportFiles(files: SourceFile[]): { source: ImportSource; read: SourceRead } {
  // A chosen Bruno folder also holds files that are not part of the collection (.env, docs).
  if (files.some((f) => /\.bru$/i.test(f.name)))
    return { source: 'bruno', read: readBruno(files.filter(isBrunoFile)) };
  const yaml = files.find(looksLikeInsomniaV5);
  if (yaml) {
    if (files.length > 1)
      throw unreadable(
        files.find((f) => f !== yaml)!.name,
        'was chosen with an Insomnia export: import the Insomnia file on its own.',
      );
    return { source: 'insomnia', read: readInsomnia(yaml) };
  }
  const json = files.filter((f) => /\.json$/i.test(f.name) || /^\s*[{[]/.test(f.text));
  const parsed = json.map((file) => ({ file, json: parseJsonFile(file) }));

  const shareFiles = parsed.filter((p) => isShareFile(p.json));
  if (shareFiles.length > 0) {
    if (shareFiles.length !== files.length)
      throw mixed(
        files,
        shareFiles.map((p) => p.file),
      );
    const reads = shareFiles.map((p) => readShareFile(p.file, p.json));
    const count = reads.reduce((n, r) => n + r.candidates.length, 0);
    return {
      source: 'oauth-desk',
      read: {
        description:
          reads.length === 1
            ? reads[0]!.description
            : `${reads.length} OAuth Desk exports with ${count} credentials`,
        candidates: reads.flatMap((r) => r.candidates),
        variables: {},
        warnings: [],
      },
    };
  }

  const collections = parsed.filter((p) => isPostmanCollection(p.json));
  if (collections.length > 0) {
    if (collections.length > 1)
      throw unreadable(
        collections[1]!.file.name,
        'is a second Postman collection: import one collection at a time (with its environments).',
      );
    const environments = parsed.filter((p) => isPostmanEnvironment(p.json));
    const used = new Set([collections[0]!.file, ...environments.map((e) => e.file)]);
    const extra = files.find((f) => !used.has(f));
    if (extra)
      throw unreadable(
        extra.name,
        'is neither the Postman collection nor a Postman environment export: import it on its own.',
      );
    return {
      source: 'postman',
      read: readPostman(collections[0]!.file, collections[0]!.json, environments),
    };
  }

  const insomnia = parsed.find((p) => isInsomniaV4(p.json));
  if (insomnia) {
    if (files.length > 1)
      throw unreadable(
        files.find((f) => f !== insomnia.file)!.name,
        'was chosen with an Insomnia export: import the Insomnia file on its own.',
      );
    return { source: 'insomnia', read: readInsomnia(insomnia.file, insomnia.json) };
  }

  if (parsed.some((p) => isPostmanEnvironment(p.json))) {
    throw unreadable(
      parsed.find((p) => isPostmanEnvironment(p.json))!.file.name,
      'is a Postman environment: choose it together with the collection it belongs to.',
    );
  }
  throw unreadable(
    files[0]!.name,
    `is not a file OAuth Desk can import. ${WHAT_WE_READ}; nothing was imported.`,
  );
}

function mixed(files: SourceFile[], share: SourceFile[]) {
  const other = files.find((f) => !share.includes(f))!;
  return unreadable(
    other.name,
    'is not an OAuth Desk export: import OAuth Desk exports on their own, and other tools’ files separately.',
  );
}
