// Reading the files a user chose; saving goes through ui/save-text-file.ts.

/** Reads the files a file input (or a folder input) returned, keeping a folder's relative paths. */
export async function readChosenFiles(
  list: FileList | null,
): Promise<Array<{ name: string; text: string }>> {
  const files = [...(list ?? [])];
  return Promise.all(
    files.map(async (file) => ({
      name: file.webkitRelativePath || file.name,
      text: await file.text(),
    })),
  );
}
