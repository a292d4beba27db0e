import { randomBytes } from 'node:crypto';
import type { Target } from '../../http-client.js';
import { sendRaw, type HttpAnswer, type RawRequest } from '../../raw-http.js';

export interface ProbeAnswer {
  /** `METHOD target — what it provokes`, for findings. */
  readonly label: string;
  readonly answer: HttpAnswer;
}

const JSON_BODY: readonly (readonly [string, string])[] = [['Content-Type', 'application/json']];

/** Requests that draw every kind of answer: a success, and errors from each layer of the stack. */
function probes(): readonly (readonly [string, RawRequest])[] {
  const missing = `/security-suite-${randomBytes(4).toString('hex')}`;
  return [
    ['a success', { method: 'GET', target: '/health/live', headers: [] }],
    ['an unknown route', { method: 'GET', target: missing, headers: [] }],
    ['an undecodable path', { method: 'GET', target: '/notes/%E0%A4%A', headers: [] }],
    ['no token', { method: 'GET', target: '/users/me', headers: [] }],
    [
      'a malformed token',
      { method: 'GET', target: '/users/me', headers: [['Authorization', 'Bearer x.y.z']] },
    ],
    [
      'malformed JSON',
      { method: 'POST', target: '/auth/login', headers: JSON_BODY, body: Buffer.from('{"email":') },
    ],
    [
      'an unknown field',
      {
        method: 'POST',
        target: '/auth/login',
        headers: JSON_BODY,
        body: Buffer.from('{"email":"a@example.com","password":"x","debug":true}'),
      },
    ],
    [
      'a wrong type',
      {
        method: 'POST',
        target: '/auth/login',
        headers: JSON_BODY,
        body: Buffer.from('{"email":["a"],"password":{"$gt":""}}'),
      },
    ],
    [
      'an unsupported content type',
      {
        method: 'POST',
        target: '/auth/login',
        headers: [['Content-Type', 'application/xml']],
        body: Buffer.from('<login/>'),
      },
    ],
    ['a method the route lacks', { method: 'DELETE', target: '/health/live', headers: [] }],
    [
      'an SQL-shaped id',
      {
        method: 'GET',
        target: "/notes/1'%20OR%20'1'='1",
        headers: [['Authorization', 'Bearer x']],
      },
    ],
  ];
}

/** Sends every probe once; a probe without an answer throws (the deployment is down). */
export async function sendProbes(target: Target): Promise<ProbeAnswer[]> {
  const answers: ProbeAnswer[] = [];
  for (const [provokes, request] of probes()) {
    const answer = await sendRaw(target.url, request, 15_000, target.ca);
    const label = `${request.method} ${request.target} (${provokes})`;
    if (answer.kind !== 'answer') {
      throw new Error(`${label}: ${answer.error}`);
    }
    answers.push({ label, answer });
  }
  return answers;
}
