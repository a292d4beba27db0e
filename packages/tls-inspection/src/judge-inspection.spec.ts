import { describe, expect, it } from 'vitest';
import type { TlsInspection } from './inspect-tls.js';
import { judgeInspection } from './judge-inspection.js';

const SOUND: TlsInspection = {
  host: 'api.example.com',
  port: 443,
  protocols: { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true },
  suites: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256'],
  weakSuites: [],
  chain: [],
  chainError: undefined,
  hostnameError: undefined,
  daysLeft: 60,
};

describe(judgeInspection.name, () => {
  it('finds nothing wrong with TLS 1.2/1.3, AEAD suites, a trusted chain and time left', () => {
    expect(judgeInspection(SOUND, 30)).toEqual({
      protocols: [],
      cipherSuites: [],
      certificate: [],
      expiry: [],
    });
  });

  it('names each problem under its aspect', () => {
    const findings = judgeInspection(
      {
        ...SOUND,
        protocols: { ...SOUND.protocols, TLSv1: true },
        weakSuites: ['AES128-SHA'],
        chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        daysLeft: 30,
      },
      30,
    );

    expect(findings).toEqual({
      protocols: ['TLSv1 handshake accepted'],
      cipherSuites: ['weak suite accepted: AES128-SHA'],
      certificate: ['chain: UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
      expiry: ['30 days left, threshold 30'],
    });
  });
});
