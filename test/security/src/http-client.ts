import { sendRaw, type HttpAnswer } from './raw-http.js';

/** Where the API under test is, and the trust anchors (PEM) when a private CA issued its certificate. */
export interface Target {
  readonly url: URL;
  readonly ca?: string;
}

export interface JsonRequest {
  readonly body?: unknown;
  readonly token?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

const TIMEOUT_MS = 15_000;

/** One request as a client sends it, with a JSON body; no answer at all throws. */
export async function call(
  target: Target,
  method: string,
  path: string,
  request: JsonRequest = {},
): Promise<HttpAnswer> {
  const answer = await sendRaw(
    target.url,
    {
      method,
      target: path,
      headers: [
        ...(request.body === undefined ? [] : [['Content-Type', 'application/json'] as const]),
        ...(request.token === undefined
          ? []
          : [['Authorization', `Bearer ${request.token}`] as const]),
        ...(request.headers ?? []),
      ],
      ...(request.body === undefined ? {} : { body: Buffer.from(JSON.stringify(request.body)) }),
    },
    TIMEOUT_MS,
    target.ca,
  );
  if (answer.kind !== 'answer') {
    throw new Error(`${method} ${path}: ${answer.error}`);
  }
  return answer;
}

/** The answer's JSON body; a body that is not JSON throws with its start. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects, as with `JSON.parse(…) as T`
export function jsonOf<T>(answer: HttpAnswer): T {
  const text = answer.body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${String(answer.status)} with a body that is not JSON: ${text.slice(0, 120)}`);
  }
}

/**
 * A multipart upload of one file, as a browser's form sends it. The API decides the type from the
 * bytes, so `filename` and the part's Content-Type are only what a client would claim.
 */
export async function upload(
  target: Target,
  path: string,
  file: { readonly field: string; readonly filename: string; readonly bytes: Buffer },
  token: string,
): Promise<HttpAnswer> {
  const boundary = `bulwark-suite-${String(Date.now())}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const answer = await sendRaw(
    target.url,
    {
      method: 'POST',
      target: path,
      headers: [
        ['Content-Type', `multipart/form-data; boundary=${boundary}`],
        ['Authorization', `Bearer ${token}`],
      ],
      body,
    },
    TIMEOUT_MS,
    target.ca,
  );
  if (answer.kind !== 'answer') {
    throw new Error(`POST ${path}: ${answer.error}`);
  }
  return answer;
}
