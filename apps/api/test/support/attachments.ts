import { crc32, deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ApiEndpoint } from './api-client.js';

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

/** POSTs `content` as the one file part of a multipart body. */
export function uploadTo(
  api: ApiEndpoint,
  noteId: string,
  accessToken: string,
  content: Buffer,
  name: string,
  contentType = 'application/octet-stream',
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([content], { type: contentType }), name);
  return fetch(`${api.url}/notes/${noteId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: form,
  });
}

/** A raw body with its own Content-Type, for malformed uploads. */
export function postRaw(
  api: ApiEndpoint,
  noteId: string,
  accessToken: string,
  contentType: string,
  body: string | Buffer,
): Promise<Response> {
  return fetch(`${api.url}/notes/${noteId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': contentType },
    body,
  });
}

export async function jsonOf<T>(pending: Promise<Response>, status: number): Promise<T> {
  const response = await pending;
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}
