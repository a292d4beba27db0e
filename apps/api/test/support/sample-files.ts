import { crc32, deflateSync } from 'node:zlib';

// Files of the allowed types, built in code: no binary fixtures to review.

/** A valid 1×1 PNG, padded with a text chunk to `size` bytes or so. */
export function pngOf(size = 200): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const padding = Buffer.alloc(Math.max(0, size - 70), 'a');
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), padding])),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small, valid one-page PDF. */
export function pdf(): Buffer {
  return Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );
}

/** A PDF of about `size` bytes: the small one, padded with a comment of random-looking bytes. */
export function pdfOfSize(size: number): Buffer {
  const head = pdf();
  const padding = Buffer.alloc(Math.max(0, size - head.length - 2));
  for (let index = 0; index < padding.length; index += 1) {
    padding[index] = 0x20 + ((index * 7919) % 90);
  }
  return Buffer.concat([head, Buffer.from('%'), padding, Buffer.from('\n')]);
}
