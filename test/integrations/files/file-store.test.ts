import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileStoreCorruptionError, isSha256Hex, localFileStore, memoryFileStore, type FileStore } from '../../../src/integrations/files/file-store';
import { samplePdf, samplePng } from './sample-files';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

const BAD_KEYS = ['../x', '../../etc/passwd', 'A'.repeat(64), 'ab', '', `${'a'.repeat(64)}/`, `${'a'.repeat(63)}g`, `${'a'.repeat(64)}\u0000`, `/${'a'.repeat(63)}`, 'a'.repeat(65)];

function contract(name: string, make: () => Promise<FileStore>) {
  describe(`${name}: the FileStore contract`, () => {
    it('round-trips bytes by their hash', async () => {
      const store = await make();
      const bytes = samplePdf();
      const stored = await store.put(bytes);
      expect(stored).toEqual({ sha256: sha256(bytes), sizeBytes: bytes.length, created: true });
      expect(await store.has(stored.sha256)).toBe(true);
      expect((await store.get(stored.sha256))?.equals(bytes)).toBe(true);
    });

    it('stores the same bytes once: created is false the second time', async () => {
      const store = await make();
      const first = await store.put(samplePng());
      const second = await store.put(Buffer.from(samplePng()));
      expect(first.created).toBe(true);
      expect(second).toEqual({ ...first, created: false });
    });

    it('answers null/false for unknown and malformed keys', async () => {
      const store = await make();
      expect(await store.get('0'.repeat(64))).toBeNull();
      expect(await store.has('0'.repeat(64))).toBe(false);
      for (const key of BAD_KEYS) {
        expect(await store.get(key)).toBeNull();
        expect(await store.has(key)).toBe(false);
      }
    });

    it('stores an empty buffer like any other', async () => {
      const store = await make();
      const stored = await store.put(Buffer.alloc(0));
      expect((await store.get(stored.sha256))?.length).toBe(0);
    });
  });
}

contract('memoryFileStore', async () => memoryFileStore());

describe('localFileStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(tmpdir(), 'traderoom-files-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.chmod(root, 0o700).catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  });

  contract('localFileStore', async () => localFileStore(root));

  it('lays files out as root/ab/cd/<sha256>, with no temp files left behind', async () => {
    const store = localFileStore(root);
    const a = await store.put(samplePdf());
    const b = await store.put(samplePng());
    await store.put(samplePng());
    expect(await listFiles(root)).toEqual(
      [a.sha256, b.sha256].map((h) => path.join(h.slice(0, 2), h.slice(2, 4), h)).sort(),
    );
  });

  it('never overwrites: concurrent puts of the same bytes create it exactly once', async () => {
    const store = localFileStore(root);
    const bytes = samplePdf({ padBytes: 200_000 });
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(await listFiles(root)).toHaveLength(1);
    expect((await store.get(sha256(bytes)))?.equals(bytes)).toBe(true);
  });

  it('stores files read-only', async () => {
    const store = localFileStore(root);
    const { sha256: key } = await store.put(samplePng());
    const stat = await fs.stat(path.join(root, key.slice(0, 2), key.slice(2, 4), key));
    expect(stat.mode & 0o222).toBe(0);
  });

  it('falls back to rename where hard links are not supported', async () => {
    const store = localFileStore(root);
    vi.spyOn(fs, 'link').mockRejectedValue(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
    const bytes = samplePdf();
    expect((await store.put(bytes)).created).toBe(true);
    expect((await store.put(bytes)).created).toBe(false);
    expect((await store.get(sha256(bytes)))?.equals(bytes)).toBe(true);
    expect(await listFiles(root)).toHaveLength(1);
  });

  it('leaves neither the file nor a temp file when the write fails', async () => {
    const store = localFileStore(root);
    vi.spyOn(fs, 'link').mockRejectedValue(Object.assign(new Error('i/o error'), { code: 'EIO' }));
    await expect(store.put(samplePdf())).rejects.toThrow('i/o error');
    expect(await listFiles(root)).toEqual([]);
  });

  it('never touches the filesystem for a malformed key', async () => {
    const store = localFileStore(root);
    const spies = (['readFile', 'stat', 'lstat', 'open', 'access', 'readdir'] as const).map((method) => vi.spyOn(fs, method));
    for (const key of BAD_KEYS) {
      expect(await store.get(key)).toBeNull();
      expect(await store.has(key)).toBe(false);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('detects a stored file corrupted on disk when reading it', async () => {
    const store = localFileStore(root);
    const bytes = samplePdf();
    const { sha256: key } = await store.put(bytes);
    const file = path.join(root, key.slice(0, 2), key.slice(2, 4), key);
    const damaged = Buffer.from(bytes);
    damaged[100] = (damaged[100] ?? 0) ^ 0xff;
    await fs.chmod(file, 0o600);
    await fs.writeFile(file, damaged);
    await expect(store.get(key)).rejects.toBeInstanceOf(FileStoreCorruptionError);
  });

  it('refuses to treat a truncated stored copy as the same content', async () => {
    const store = localFileStore(root);
    const bytes = samplePng();
    const { sha256: key } = await store.put(bytes);
    const file = path.join(root, key.slice(0, 2), key.slice(2, 4), key);
    await fs.chmod(file, 0o600);
    await fs.truncate(file, 10);
    await expect(store.put(bytes)).rejects.toBeInstanceOf(FileStoreCorruptionError);
    await expect(store.get(key)).rejects.toThrow(/corrupt/);
  });

  it('keeps separate stores apart', async () => {
    const other = await fs.mkdtemp(path.join(tmpdir(), 'traderoom-files-'));
    try {
      const { sha256: key } = await localFileStore(root).put(samplePdf());
      expect(await localFileStore(other).has(key)).toBe(false);
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });
});

describe('isSha256Hex', () => {
  it('accepts exactly 64 lowercase hex digits', () => {
    expect(isSha256Hex('0123456789abcdef'.repeat(4))).toBe(true);
    for (const key of BAD_KEYS) expect(isSha256Hex(key)).toBe(false);
    expect(isSha256Hex(42)).toBe(false);
  });
});
