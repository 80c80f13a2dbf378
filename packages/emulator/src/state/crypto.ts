import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What a sealed blob is for; a blob sealed for one kind never opens as the other. */
export type SealedKind = 'reasoning' | 'compaction';

const VERSION = 0x80;
const HEADER_BYTES = 9; // version + 8-byte big-endian unix seconds
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Turns `EmulatorOptions.encryptionKey` into a 32-byte AES key: a `Uint8Array` must be exactly 32
 * bytes, a string is hashed with SHA-256 (so any passphrase gives a stable key), and no key gives
 * a random one.
 *
 * @throws {TypeError} for a `Uint8Array` that is not 32 bytes long or an empty string.
 * @example
 * import { contentKey } from './crypto.js';
 * contentKey('test passphrase').length; // 32
 */
export function contentKey(key?: string | Uint8Array): Buffer {
  if (key === undefined) return randomBytes(32);
  if (typeof key === 'string') {
    if (key === '') throw new TypeError('encryptionKey must not be empty');
    return createHash('sha256').update(key, 'utf8').digest();
  }
  if (key.length !== 32) {
    throw new TypeError(`encryptionKey must be 32 bytes (AES-256), got ${key.length}`);
  }
  return Buffer.from(key);
}

/**
 * Authenticated encryption of what the emulated model carries between turns (the
 * `encrypted_content` of reasoning and compaction items): AES-256-GCM with a fresh 12-byte IV per
 * blob. A blob is standard base64 of `0x80 | 8-byte unix seconds | IV | ciphertext | 16-byte tag`
 * (so it starts with `gAAAAA`, like the real service's); the header and the kind are authenticated
 * as additional data. Any change, truncation, or a blob from another key fails to open.
 *
 * @example
 * import { ContentCipher } from './crypto.js';
 * const cipher = new ContentCipher();
 * const blob = cipher.seal('reasoning', { turn: 1 });
 * cipher.open('reasoning', blob); // { turn: 1 }
 * cipher.open('compaction', blob); // undefined
 */
export class ContentCipher {
  readonly #key: Buffer;

  constructor(key?: string | Uint8Array) {
    this.#key = contentKey(key);
  }

  /** Encrypts a JSON value for one kind of item and returns the base64 blob. */
  seal(kind: SealedKind, value: unknown): string {
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)), 1);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(additionalData(header, kind));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /**
   * Decrypts and parses a blob sealed for `kind` by this key; `undefined` when it cannot be
   * verified (not a string, not base64, truncated, tampered with, another kind or another key).
   */
  open(kind: SealedKind, blob: unknown): unknown {
    if (typeof blob !== 'string' || !BASE64.test(blob)) return undefined;
    const bytes = Buffer.from(blob, 'base64');
    // Canonical base64 only: a change in the unused low bits of the last character is a change too.
    if (bytes.toString('base64') !== blob) return undefined;
    if (bytes.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
    const header = bytes.subarray(0, HEADER_BYTES);
    const iv = bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
    const body = bytes.subarray(HEADER_BYTES + IV_BYTES, bytes.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(additionalData(header, kind));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}

function additionalData(header: Buffer, kind: SealedKind): Buffer {
  return Buffer.concat([header, Buffer.from(`turnkit-emulator/${kind}`, 'utf8')]);
}
