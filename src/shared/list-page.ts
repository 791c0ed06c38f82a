// How the credentials list crosses from main to the renderer: in pages of list items (what a row
// shows, list-item.ts), the first of which is all a start needs to show the screen.
import type { CredentialListItem } from './list-item';

/** Rows the renderer asks for at a time; the first page is what a start shows. */
export const CREDENTIAL_PAGE_SIZE = 100;
/** The largest page main answers (a bigger request is refused at the boundary). */
export const CREDENTIAL_PAGE_MAX = 500;

/** One page of the list, in list order, and how many credentials there are in all. */
export interface CredentialPage {
  items: CredentialListItem[];
  total: number;
}
