import { expect } from 'vitest';
import type { ApiEndpoint } from './api-client.js';

export { pdf, pdfOfSize, pngOf } from './sample-files.js';

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
