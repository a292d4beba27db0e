import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AuthenticationFailedError, InvalidInputError } from './field-encryption.errors.js';
import { lengthPrefixed } from './length-prefixed.js';

/** A file's data key: 32 random bytes, used for that one file only. */
export const DATA_KEY_LENGTH = 32;

/** Plaintext bytes per chunk; each chunk is authenticated on its own. */
export const FILE_CHUNK_LENGTH = 64 * 1024;

const HEADER = Buffer.from('bwf1', 'ascii');
const TAG_LENGTH = 16;
const SEALED_CHUNK_LENGTH = FILE_CHUNK_LENGTH + TAG_LENGTH;
const STREAM_KEY_LABEL = 'bulwark/field-encryption/bwf1/stream-key';
// 2^32 chunks of 64 KiB is 256 TiB: far past any file this is meant for.
const MAX_CHUNKS = 2 ** 32;

/** A fresh random data key for one file. */
export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_LENGTH);
}

/** The size of the encrypted form of `plaintextLength` bytes. */
export function encryptedFileLength(plaintextLength: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextLength / FILE_CHUNK_LENGTH));
  return HEADER.length + plaintextLength + chunks * TAG_LENGTH;
}

/**
 * Encrypts a stream with AES-256-GCM in 64 KiB chunks (the STREAM construction of Hoang, Reyhanitabar,
 * Rogaway and Vizár, as in age and Tink): the key is derived from the data key and `context` (so
 * an object moved to another id does not decrypt), and each chunk's nonce holds its index and a
 * last-chunk flag, so chunks cannot be reordered, dropped or the stream cut short unnoticed.
 */
export function createFileEncryptStream(dataKey: Uint8Array, context: string): Transform {
  const key = streamKey(dataKey, context);
  const chunks = new ChunkCounter();
  let pending: Buffer = Buffer.alloc(0);
  const seal = (plaintext: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, chunks.nextNonce(last), {
      authTagLength: TAG_LENGTH,
    });
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  let headerSent = false;
  return new Transform({
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      const out: Buffer[] = headerSent ? [] : [HEADER];
      headerSent = true;
      // A full chunk is sealed only once more data follows: the last one must carry the flag.
      while (pending.length > FILE_CHUNK_LENGTH) {
        out.push(seal(pending.subarray(0, FILE_CHUNK_LENGTH), false));
        pending = pending.subarray(FILE_CHUNK_LENGTH);
      }
      callback(null, Buffer.concat(out));
    },
    flush(callback: TransformCallback) {
      callback(null, Buffer.concat([...(headerSent ? [] : [HEADER]), seal(pending, true)]));
    },
  });
}

/**
 * Decrypts what {@link createFileEncryptStream} wrote for the same data key and context. Each
 * chunk is released only after its tag checks; a tampered, reordered, truncated or extended
 * stream fails with {@link AuthenticationFailedError} before any unauthenticated byte is passed on.
 */
export function createFileDecryptStream(dataKey: Uint8Array, context: string): Transform {
  const key = streamKey(dataKey, context);
  const chunks = new ChunkCounter();
  let pending: Buffer = Buffer.alloc(0);
  let headerChecked = false;
  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < TAG_LENGTH) {
      throw failure();
    }
    const decipher = createDecipheriv('aes-256-gcm', key, chunks.nextNonce(last), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH));
    try {
      return Buffer.concat([plaintext, decipher.final()]);
    } catch {
      plaintext.fill(0);
      throw failure();
    }
  };
  return new Transform({
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      try {
        if (!headerChecked) {
          if (pending.length < HEADER.length) {
            callback();
            return;
          }
          if (!pending.subarray(0, HEADER.length).equals(HEADER)) {
            throw failure();
          }
          pending = pending.subarray(HEADER.length);
          headerChecked = true;
        }
        // Each chunk goes out as soon as its tag checks, before the next one is opened.
        while (pending.length > SEALED_CHUNK_LENGTH) {
          this.push(open(pending.subarray(0, SEALED_CHUNK_LENGTH), false));
          pending = pending.subarray(SEALED_CHUNK_LENGTH);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!headerChecked) {
          throw failure();
        }
        callback(null, open(pending, true));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

// HKDF with the context as info: one key per (data key, object), never shared with ef1 values.
function streamKey(dataKey: Uint8Array, context: string): Buffer {
  if (dataKey.length !== DATA_KEY_LENGTH) {
    throw new InvalidInputError(`a data key is exactly ${DATA_KEY_LENGTH} bytes`);
  }
  if (context === '') {
    throw new InvalidInputError('the context of a file must be non-empty');
  }
  const info = lengthPrefixed([STREAM_KEY_LABEL, context]);
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, DATA_KEY_LENGTH));
}

/** Nonce = 7 zero bytes ‖ 32-bit big-endian chunk index ‖ 1 byte last-chunk flag. */
class ChunkCounter {
  #index = 0;

  nextNonce(last: boolean): Buffer {
    if (this.#index >= MAX_CHUNKS) {
      throw new InvalidInputError('file too large for one stream');
    }
    const nonce = Buffer.alloc(12);
    nonce.writeUInt32BE(this.#index, 7);
    nonce[11] = last ? 1 : 0;
    this.#index += 1;
    return nonce;
  }
}

function failure(): AuthenticationFailedError {
  return new AuthenticationFailedError(
    'file failed authentication (wrong key, tampered, truncated, or moved to another object)',
  );
}
