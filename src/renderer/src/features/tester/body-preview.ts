// How much of a long response body the tester shows before "Show all". The editor itself only
// draws the lines in view, but highlighting and folding a multi-megabyte text still parse all of
// it: the first screenfuls come at once, the rest when the user asks for it.

/** Bodies up to this size are shown whole. */
export const PREVIEW_CHARS = 100_000;

export interface BodyPreview {
  text: string;
  shownLines: number;
  totalLines: number;
}

const countLines = (text: string): number => {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
};

/** Null when the body is short enough to show whole; otherwise its first whole lines. */
export function bodyPreview(body: string, limit = PREVIEW_CHARS): BodyPreview | null {
  if (body.length <= limit) return null;
  const lastBreak = body.lastIndexOf('\n', limit);
  // One huge line (minified JSON): cut inside it rather than show nothing.
  const text = lastBreak > 0 ? body.slice(0, lastBreak) : body.slice(0, limit);
  return { text, shownLines: countLines(text), totalLines: countLines(body) };
}
