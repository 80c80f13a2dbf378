import { describe, expect, it } from 'vitest';
import { ContentCipher, contentKey } from '../src/state/crypto.js';

describe('ContentCipher', () => {
  it('opens what it sealed, for the same kind only', () => {
    const cipher = new ContentCipher();
    const blob = cipher.seal('reasoning', { remembered: ['My name is Ann'], turn: 2 });
    expect(blob).toMatch(/^gAAAAA[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(blob, 'base64').toString('latin1')).not.toContain('Ann');
    expect(cipher.open('reasoning', blob)).toEqual({ remembered: ['My name is Ann'], turn: 2 });
    expect(cipher.open('compaction', blob)).toBeUndefined();
    expect(cipher.seal('reasoning', 1)).not.toBe(cipher.seal('reasoning', 1));
  });

  it('rejects every one-character change, every truncation and another key', () => {
    const cipher = new ContentCipher();
    const blob = cipher.seal('compaction', { remembered: ['a'] });
    for (let i = 0; i < blob.length; i++) {
      const changed = blob.slice(0, i) + (blob[i] === 'B' ? 'C' : 'B') + blob.slice(i + 1);
      expect(cipher.open('compaction', changed)).toBeUndefined();
    }
    for (let length = 0; length < blob.length; length += 7) {
      expect(cipher.open('compaction', blob.slice(0, length))).toBeUndefined();
    }
    expect(new ContentCipher().open('compaction', blob)).toBeUndefined();
    expect(cipher.open('compaction', 42)).toBeUndefined();
  });

  it('derives a stable key from a passphrase and takes 32 raw bytes', () => {
    const blob = new ContentCipher('passphrase').seal('reasoning', 'x');
    expect(new ContentCipher('passphrase').open('reasoning', blob)).toBe('x');
    const raw = new Uint8Array(32).fill(1);
    expect(new ContentCipher(raw).open('reasoning', new ContentCipher(raw).seal('reasoning', 'y'))).toBe('y');
    expect(() => contentKey(new Uint8Array(16))).toThrow('encryptionKey must be 32 bytes (AES-256), got 16');
    expect(() => contentKey('')).toThrow('encryptionKey must not be empty');
  });
});
