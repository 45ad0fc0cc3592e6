/**
 * Content-addressed file storage. A file's key is the lowercase hex SHA-256
 * of its bytes, so a stored file never changes: the same bytes always land at
 * the same key, different bytes never do, and nothing is ever overwritten.
 * A resubmitted document is a new key; the earlier one stays.
 *
 * `localFileStore(root)` lays files out as `root/ab/cd/<sha256>`:
 * - a write goes to a temp file in the target directory (`.<sha>.<pid>.<rand>.tmp`,
 *   mode 0440), is fsynced, then hard-linked into place, which fails if the
 *   name exists (no overwrite, exactly one concurrent writer sees
 *   `created: true`); where hard links are unsupported it falls back to
 *   rename. The temp name is always removed, on success and on failure.
 * - if the key already exists, its size is checked against the bytes
 *   (`created: false`); a different size means the stored copy is damaged
 *   and `FileStoreCorruptionError` is thrown.
 * - `get` re-hashes what it reads and throws `FileStoreCorruptionError` if the
 *   disk returned other bytes than were stored.
 * - a key that is not exactly 64 lowercase hex digits is answered with
 *   null/false without touching the filesystem: no path can be built from it.
 *
 * `FileStoreCorruptionError` is not a DomainError: it is our fault, not the
 * client's, and the HTTP layer answers it with a 500.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  /** False when the same bytes were already stored (deduplicated). */
  created: boolean;
}

export interface FileStore {
  put(bytes: Buffer): Promise<StoredFile>;
  /** The bytes, or null if nothing is stored under this key (or the key is malformed). */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
}

export class FileStoreCorruptionError extends Error {
  constructor(
    readonly sha256: string,
    detail: string,
  ) {
    super(`stored file ${sha256} is corrupt: ${detail}`);
    this.name = 'FileStoreCorruptionError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Codes with which `link` says "this filesystem does not do hard links". */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export function localFileStore(rootDir: string): FileStore {
  const root = path.resolve(rootDir);

  /** Only ever called with a validated key. */
  function locate(sha256: string): { dir: string; file: string } {
    const dir = path.join(root, sha256.slice(0, 2), sha256.slice(2, 4));
    return { dir, file: path.join(dir, sha256) };
  }

  async function sizeOf(file: string): Promise<number | null> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new FileStoreCorruptionError(path.basename(file), 'not a regular file');
      return stat.size;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  function checkExisting(sha256: string, size: number, expected: number): StoredFile {
    if (size !== expected) throw new FileStoreCorruptionError(sha256, `size on disk ${size}, expected ${expected}`);
    return { sha256, sizeBytes: expected, created: false };
  }

  async function syncDirectory(dir: string): Promise<void> {
    // Makes the new name durable. Not supported everywhere (Windows): best effort.
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(dir, 'r');
      await handle.sync();
    } catch {
      // ignored: the file's own data is already synced
    } finally {
      await handle?.close();
    }
  }

  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const { dir, file } = locate(sha256);
      const existing = await sizeOf(file);
      if (existing !== null) return checkExisting(sha256, existing, bytes.length);

      await fs.mkdir(dir, { recursive: true, mode: 0o750 });
      const temp = path.join(dir, `.${sha256}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
      try {
        const handle = await fs.open(temp, 'wx', 0o440);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }

        let created: boolean;
        try {
          await fs.link(temp, file);
          created = true;
        } catch (error) {
          const code = errorCode(error);
          if (code === 'EEXIST') {
            created = false;
          } else if (code !== undefined && LINK_UNSUPPORTED.has(code)) {
            // No hard links here: rename is still atomic. A name that appeared
            // meanwhile holds the same bytes by construction, so keep it.
            if ((await sizeOf(file)) === null) {
              await fs.rename(temp, file);
              created = true;
            } else {
              created = false;
            }
          } else {
            throw error;
          }
        }
        if (!created) return checkExisting(sha256, (await sizeOf(file)) ?? -1, bytes.length);
        await syncDirectory(dir);
        return { sha256, sizeBytes: bytes.length, created: true };
      } finally {
        await fs.rm(temp, { force: true });
      }
    },

    async get(sha256) {
      if (!isSha256Hex(sha256)) return null;
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(locate(sha256).file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
      if (sha256Hex(bytes) !== sha256) throw new FileStoreCorruptionError(sha256, 'content does not match its hash');
      return bytes;
    },

    async has(sha256) {
      if (!isSha256Hex(sha256)) return false;
      return (await sizeOf(locate(sha256).file)) !== null;
    },
  };
}

/** In memory, same contract; for tests and the demo. Buffers are copied in and out. */
export function memoryFileStore(): FileStore & { readonly size: number } {
  const files = new Map<string, Buffer>();
  return {
    get size() {
      return files.size;
    },
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const existing = files.get(sha256);
      if (existing) return { sha256, sizeBytes: existing.length, created: false };
      files.set(sha256, Buffer.from(bytes));
      return { sha256, sizeBytes: bytes.length, created: true };
    },
    async get(sha256) {
      if (!isSha256Hex(sha256)) return null;
      const bytes = files.get(sha256);
      return bytes ? Buffer.from(bytes) : null;
    },
    async has(sha256) {
      return isSha256Hex(sha256) && files.has(sha256);
    },
  };
}
