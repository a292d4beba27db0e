import { isIP } from 'node:net';
import {
  checkServerIdentity,
  connect,
  getCiphers,
  type DetailedPeerCertificate,
  type SecureVersion,
} from 'node:tls';
import { summarizeCertificate, type CertificateSummary } from './certificate.js';
import { isForwardSecretAead } from './cipher-suites.js';

export const PROTOCOLS = [
  'TLSv1',
  'TLSv1.1',
  'TLSv1.2',
  'TLSv1.3',
] as const satisfies SecureVersion[];
export type TlsProtocol = (typeof PROTOCOLS)[number];

export interface InspectTlsOptions {
  readonly host: string;
  readonly port: number;
  /** Extra trust anchors (PEM), e.g. a private CA; the system store is used as well. */
  readonly ca?: string;
  readonly timeoutMs?: number;
  readonly now?: Date;
}

export interface TlsInspection {
  readonly host: string;
  readonly port: number;
  /** Whether a handshake at exactly that version succeeded. */
  readonly protocols: Readonly<Record<TlsProtocol, boolean>>;
  /** Every suite the server accepted, TLS 1.3 suites included, as OpenSSL names them. */
  readonly suites: readonly string[];
  /** Accepted suites without forward secrecy or an AEAD cipher (all of them below TLS 1.2). */
  readonly weakSuites: readonly string[];
  /** Leaf first. */
  readonly chain: readonly CertificateSummary[];
  /** Why the chain is not trusted (OpenSSL's code), if it is not. */
  readonly chainError: string | undefined;
  /** Why the leaf does not name the host, if it does not. */
  readonly hostnameError: string | undefined;
  /** Whole days until the leaf expires (negative once expired). */
  readonly daysLeft: number;
}

interface Handshake {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly certificate: DetailedPeerCertificate;
  readonly authorizationError: string | undefined;
}

// Legacy versions and suites are offered only to see whether the server accepts them.
const OFFER_EVERYTHING = 'ALL:@SECLEVEL=0';

function handshake(
  options: InspectTlsOptions,
  settings: { version?: TlsProtocol; ciphers?: string },
): Promise<Handshake | undefined> {
  return new Promise((resolve) => {
    const socket = connect({
      host: options.host,
      port: options.port,
      // SNI carries names only (RFC 6066).
      ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(settings.version === undefined
        ? {}
        : { minVersion: settings.version, maxVersion: settings.version }),
      ciphers: settings.ciphers ?? OFFER_EVERYTHING,
      // The verdict is read below: an untrusted chain is a finding, not a reason to stop looking.
      rejectUnauthorized: false,
      timeout: options.timeoutMs ?? 5_000,
    });
    const done = (result: Handshake | undefined): void => {
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () => {
      const error = socket.authorizationError as Error | string | null;
      done({
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        certificate: socket.getPeerCertificate(true),
        authorizationError:
          error === null ? undefined : typeof error === 'string' ? error : error.message,
      });
    });
    socket.once('error', () => {
      done(undefined);
    });
    socket.once('timeout', () => {
      done(undefined);
    });
  });
}

/** OpenSSL's TLS 1.2-and-below suite names this Node can offer (TLS 1.3 suites are separate). */
function legacySuites(): string[] {
  return getCiphers()
    .filter((name) => !name.startsWith('tls_'))
    .map((name) => name.toUpperCase());
}

/**
 * Connects as many times as needed to learn which protocol versions and cipher suites `host:port`
 * accepts, and what its certificate chain is: what `pnpm cli tls:check` prints and the security
 * suite's transport checks judge. Throws when no handshake succeeds at all.
 */
export async function inspectTls(options: InspectTlsOptions): Promise<TlsInspection> {
  const protocols = {} as Record<TlsProtocol, boolean>;
  const suites = new Set<string>();
  let first: Handshake | undefined;
  for (const version of PROTOCOLS) {
    const result = await handshake(options, { version });
    protocols[version] = result !== undefined;
    first ??= result;
    if (result !== undefined) {
      suites.add(result.cipher);
    }
  }
  const trusted = await handshake(options, {});
  if (first === undefined || trusted === undefined) {
    throw new Error(`No TLS handshake with ${options.host}:${String(options.port)} succeeded`);
  }
  if (protocols['TLSv1.3']) {
    for (const suite of getCiphers().filter((name) => name.startsWith('tls_'))) {
      // Node offers TLS 1.3 suites through `ciphers` too, by their IANA names.
      const result = await handshake(options, {
        version: 'TLSv1.3',
        ciphers: suite.toUpperCase(),
      });
      if (result !== undefined) {
        suites.add(result.cipher);
      }
    }
  }
  const legacy = PROTOCOLS.filter((version) => version !== 'TLSv1.3' && protocols[version]);
  for (const version of legacy) {
    for (const suite of legacySuites()) {
      const result = await handshake(options, { version, ciphers: `${suite}:@SECLEVEL=0` });
      if (result !== undefined) {
        suites.add(version === 'TLSv1.2' ? result.cipher : `${result.cipher} (${version})`);
      }
    }
  }
  const chain = chainOf(trusted.certificate).map((certificate) =>
    summarizeCertificate(certificate, options.now ?? new Date()),
  );
  return {
    host: options.host,
    port: options.port,
    protocols,
    suites: [...suites].sort(),
    weakSuites: [...suites].filter((suite) => !isForwardSecretAead(suite)).sort(),
    chain,
    chainError: trusted.authorizationError,
    hostnameError: checkServerIdentity(options.host, trusted.certificate)?.message,
    daysLeft: chain[0]?.daysLeft ?? Number.NEGATIVE_INFINITY,
  };
}

/** Past the last certificate sent, Node gives no issuer, which its type does not say. */
function issuerOf(certificate: DetailedPeerCertificate): DetailedPeerCertificate | undefined {
  return certificate.issuerCertificate;
}

function chainOf(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  // A self-signed root is its own issuer, sometimes as a copy: fingerprints tell.
  const seen = (certificate: DetailedPeerCertificate): boolean =>
    chain.some((known) => known.fingerprint256 === certificate.fingerprint256);
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current !== undefined && !seen(current)) {
    chain.push(current);
    current = issuerOf(current);
  }
  return chain;
}
