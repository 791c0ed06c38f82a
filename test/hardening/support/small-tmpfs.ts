// A real, tiny file system for full-disk tests: a tmpfs mounted under a temp folder. Mounting
// needs root (CAP_SYS_ADMIN) on Linux; elsewhere the caller skips with the reason returned here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SmallTmpfs = { dir: string; unmount(): void } | { skip: string };

export function mountSmallTmpfs(bytes: number): SmallTmpfs {
  if (process.platform !== 'linux')
    return { skip: `tmpfs mounts need Linux; this is ${process.platform}` };
  if (process.getuid?.() !== 0)
    return {
      skip: 'mounting a tmpfs needs root; the fault-injecting fs port covers full disks here',
    };
  const dir = mkdtempSync(join(tmpdir(), 'oauth-desk-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    return {
      skip: `mount -t tmpfs was refused (${reason}); the fault-injecting fs port covers full disks here`,
    };
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
