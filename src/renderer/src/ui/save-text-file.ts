// Saves text as a file through the page's own download: works in the app's window and in browser
// mode alike, and needs no file-system access in the renderer.
export function saveTextFile(fileName: string, text: string, mimeType = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
