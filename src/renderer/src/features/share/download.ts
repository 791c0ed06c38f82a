// Saves text as a file through the page's own download: works in browser mode and needs no
// file-system access in the renderer. The object URL is released once the click has started it.
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Reads the files a file input (or a folder input) returned, keeping a folder's relative paths. */
export async function readChosenFiles(list: FileList | null): Promise<Array<{ name: string; text: string }>> {
  const files = [...(list ?? [])];
  return Promise.all(files.map(async (file) => ({ name: file.webkitRelativePath || file.name, text: await file.text() })));
}
