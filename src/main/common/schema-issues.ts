// How a schema's complaint about a file reads in a message: where in the file, and what is wrong
// there (`approvals[0].client.pid: Invalid input: expected number, received string`).
import type { z } from 'zod';

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return `${path || 'file'}: ${issue.message}`;
}

/** The first few issues, joined: enough to find the problem without a wall of text. */
export function describeIssues(error: z.ZodError, most = 5): string {
  return error.issues.slice(0, most).map(describeIssue).join('; ');
}
