// TLS 1.3 suites are all forward-secret AEAD; OpenSSL names them with a TLS_ prefix.
const TLS13_SUITE = /^TLS_/;
// TLS 1.2: ephemeral (EC)DHE key exchange and an AEAD cipher, Mozilla's "intermediate" profile.
const TLS12_FORWARD_SECRET_AEAD =
  /^(ECDHE|DHE)-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/;

/** Whether a suite (OpenSSL's name) has forward secrecy and an AEAD cipher. */
export function isForwardSecretAead(suite: string): boolean {
  return TLS13_SUITE.test(suite) || TLS12_FORWARD_SECRET_AEAD.test(suite);
}
