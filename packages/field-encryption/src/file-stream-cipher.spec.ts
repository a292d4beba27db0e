import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AuthenticationFailedError } from './field-encryption.errors.js';
import {
  FILE_CHUNK_LENGTH,
  createFileDecryptStream,
  createFileEncryptStream,
  encryptedFileLength,
  generateDataKey,
} from './file-stream-cipher.js';

const CONTEXT = 'attachment:0190a0e4-7c2b-7def-8000-000000000001';
const SEALED_CHUNK = FILE_CHUNK_LENGTH + 16;

async function through(stream: NodeJS.ReadWriteStream, input: Buffer, pieces = 7): Promise<Buffer> {
  // Uneven pieces, so chunk boundaries never line up with writes.
  const step = Math.max(1, Math.ceil(input.length / pieces));
  const parts = Array.from({ length: Math.ceil(input.length / step) }, (_, index) =>
    input.subarray(index * step, (index + 1) * step),
  );
  const [output] = await Promise.all([buffer(stream), pipeline(Readable.from(parts), stream)]);
  return output;
}

const encrypt = (key: Buffer, plaintext: Buffer, context = CONTEXT): Promise<Buffer> =>
  through(createFileEncryptStream(key, context), plaintext);
const decrypt = (key: Buffer, sealed: Buffer, context = CONTEXT): Promise<Buffer> =>
  through(createFileDecryptStream(key, context), sealed);

describe('file stream cipher', () => {
  const key = generateDataKey();

  it.each([
    0,
    1,
    FILE_CHUNK_LENGTH - 1,
    FILE_CHUNK_LENGTH,
    FILE_CHUNK_LENGTH + 1,
    3 * FILE_CHUNK_LENGTH,
  ])('round-trips %i bytes, to the length it announces', async (length) => {
    const plaintext = randomBytes(length);
    const sealed = await encrypt(key, plaintext);
    expect(sealed.length).toBe(encryptedFileLength(length));
    expect(await decrypt(key, sealed)).toEqual(plaintext);
  });

  it('refuses another data key, or the object of another context', async () => {
    const sealed = await encrypt(key, randomBytes(100));
    await expect(decrypt(generateDataKey(), sealed)).rejects.toThrow(AuthenticationFailedError);
    await expect(decrypt(key, sealed, 'attachment:other')).rejects.toThrow(
      AuthenticationFailedError,
    );
  });

  it('refuses a flipped bit anywhere', async () => {
    const sealed = await encrypt(key, randomBytes(2 * FILE_CHUNK_LENGTH + 10));
    for (const index of [0, 5, SEALED_CHUNK, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 1;
      await expect(decrypt(key, tampered)).rejects.toThrow(AuthenticationFailedError);
    }
  });

  it('refuses a stream cut at a chunk boundary, chunks swapped, or a chunk added', async () => {
    const sealed = await encrypt(key, randomBytes(3 * FILE_CHUNK_LENGTH));
    const header = sealed.subarray(0, 4);
    const chunk = (index: number): Buffer =>
      sealed.subarray(4 + index * SEALED_CHUNK, 4 + (index + 1) * SEALED_CHUNK);
    const variants = [
      Buffer.concat([header, chunk(0), chunk(1)]),
      Buffer.concat([header, chunk(1), chunk(0), chunk(2)]),
      Buffer.concat([sealed, chunk(2)]),
      header,
    ];
    for (const variant of variants) {
      await expect(decrypt(key, variant)).rejects.toThrow(AuthenticationFailedError);
    }
  });

  it('releases no plaintext of a chunk whose tag fails', async () => {
    const plaintext = randomBytes(2 * FILE_CHUNK_LENGTH + 1);
    const sealed = await encrypt(key, plaintext);
    sealed[4 + SEALED_CHUNK + 10]! ^= 1;
    const released: Buffer[] = [];
    const stream = createFileDecryptStream(key, CONTEXT);
    stream.on('data', (data: Buffer) => released.push(data));
    await expect(pipeline(Readable.from([sealed]), stream)).rejects.toThrow(
      AuthenticationFailedError,
    );
    expect(Buffer.concat(released)).toEqual(plaintext.subarray(0, FILE_CHUNK_LENGTH));
  });
});
