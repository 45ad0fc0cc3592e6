/**
 * One process per embedded data directory (STACK.md trap 3: two processes on
 * one PGlite directory silently lose data). A second opener is refused with a
 * message naming the directory; a lock left by a dead process is taken over.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/persistence/data-dir-lock';
import { openDatabase, type Database } from '../../src/persistence/database';

const ROOT = join(import.meta.dirname, '../..');
let template: string; // an initialised data directory: copying it is much faster than initdb per test
let dir: string;
let lockFile: string;
const opened: Database[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'traderoom-template-'));
  await (await openDatabase({ kind: 'pglite', dataDir: template })).close();
});
afterAll(() => rmSync(template, { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'traderoom-datadir-'));
  lockFile = join(dir, 'traderoom.lock');
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const database of opened.splice(0)) await database.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Database> {
  if (!existsSync(join(dir, 'pglite'))) cpSync(join(template, 'pglite'), join(dir, 'pglite'), { recursive: true });
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  opened.push(database);
  return database;
}

async function close(database: Database): Promise<void> {
  opened.splice(opened.indexOf(database), 1);
  await database.close();
}

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('data directory lock (in-process)', () => {
  it('refuses a second open of the same directory, naming it and the holder', async () => {
    const first = await open();
    const second = openDatabase({ kind: 'pglite', dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`The data directory ${dir} is in use by another Traderoom process (pid ${process.pid} on ${hostname()})`);
    // The first handle is unaffected.
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(first.db);
    expect(rows).toEqual([{ one: 1 }]);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it('releases the lock on close, and the directory reopens with its data', async () => {
    const first = await open();
    await sql`create table kept (v text)`.execute(first.db);
    await sql`insert into kept values ('survives a reopen')`.execute(first.db);
    await close(first);
    expect(existsSync(lockFile)).toBe(false);

    const again = await open();
    const { rows } = await sql<{ v: string }>`select v from kept`.execute(again.db);
    expect(rows).toEqual([{ v: 'survives a reopen' }]);
  });

  it('takes over a stale lock left on this host by a process that died', async () => {
    const pid = await deadPid();
    writeFileSync(lockFile, JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    await open();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it('does not take over a lock from another host, or one it cannot read', () => {
    writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'some-other-host', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockDataDir(dir)).toThrow(/in use by another Traderoom process \(pid 1 on some-other-host\)/);
    writeFileSync(lockFile, '');
    expect(() => lockDataDir(dir)).toThrow(/unknown holder/);
    expect(readFileSync(lockFile, 'utf8')).toBe('');
  });

  it('releases the lock when the database cannot be opened', async () => {
    writeFileSync(join(dir, 'pglite'), 'a file where the database directory should be');
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow();
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe('data directory lock (across processes)', () => {
  it('makes `npm run migrate` exit 1 naming the directory while this process holds it', async () => {
    await open();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir };
    delete env.DATABASE_URL;
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile('npx', ['tsx', 'src/cli/migrate.ts'], { cwd: ROOT, env, timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The data directory ${dir} is in use by another Traderoom process (pid ${process.pid}`);
    expect(result.stderr).not.toMatch(/^\s+at /m); // one clear message, no stack trace
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid }); // still ours
  });

  it('refuses this process while another holds it, and takes over once that one is killed', async () => {
    const script = join(dir, 'hold-lock.ts');
    writeFileSync(
      script,
      `import { lockDataDir } from ${JSON.stringify(join(ROOT, 'src/persistence/data-dir-lock.ts'))};\n` +
        `lockDataDir(${JSON.stringify(dir)});\nconsole.log('locked');\nsetInterval(() => undefined, 1000);\n`,
    );
    const holder = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });

    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(`(pid ${holder.pid} on ${hostname()})`);

    // Killed without a chance to clean up: the lock file stays, but its holder is dead.
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    expect(existsSync(lockFile)).toBe(true);
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(lockFile)).toBe(false);
  });
});
