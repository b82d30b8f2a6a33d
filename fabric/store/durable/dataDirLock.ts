/**
 * Exclusive ownership of a data directory: a LOCK file holding the owner's pid,
 * created with O_EXCL. A lock left by a dead process (crash, SIGKILL) is stale
 * and taken over; a live owner makes the second node fail with a clear message.
 * Limit: pid liveness is checked on this host only (no shared/network file systems).
 */
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, fsyncSync } from 'node:fs';
import { lockPath } from './dataDirLayout.js';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`Data directory ${dir} is in use by another Continuum Fabric node (pid ${pid}). `
      + 'Stop that node or choose another --data-dir; two nodes must never write one log.');
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(dir: string): () => void {
  const path = lockPath(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      fsyncSync(fd);
      closeSync(fd);
      return () => {
        try {
          if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw new DataDirLockedError(dir, owner);
      if (owner === process.pid) throw new DataDirLockedError(dir, owner);
      unlinkSync(path); // stale: its owner is dead
    }
  }
  throw new Error(`Could not take the lock ${path}: another process keeps recreating it.`);
}
