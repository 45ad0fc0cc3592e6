/**
 * An exclusive lock on the embedded database's data directory.
 *
 * Two processes opening one PGlite directory get no error and silently lose
 * data (STACK.md trap 3), so the second one must be refused, loudly.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The data directory ${dir} is in use by another Traderoom process (${holder}). ` +
        'The embedded database allows one process at a time: stop the other process ' +
        '(e.g. the running server) first, or use PostgreSQL via DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirLockedError; returns the release function. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'traderoom.lock');
  const me = `pid ${process.pid} on ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
      } catch {
        // A lock file being written right now, or garbage: treat as held.
      }
      const stale =
        typeof holder.pid === 'number' && holder.host === hostname() && !isAlive(holder.pid);
      if (!stale) throw new DataDirLockedError(dir, holder.pid ? `pid ${holder.pid} on ${holder.host}` : 'unknown holder');
      rmSync(path, { force: true }); // the holder died without releasing; take over
    }
  }
  throw new DataDirLockedError(dir, `could not take the lock as ${me}`);
}
