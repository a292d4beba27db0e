import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.js';

const PAGE = readFileSync(new URL('passkey-page/index.html', import.meta.url));

export interface PageServer {
  readonly port: number;
  /** `http://<host>:<port>`: Chromium resolves every `*.localhost` to loopback, a secure context. */
  originOf(host: string): string;
  close(): Promise<void>;
}

/** Serves the passkey test page at `/`, on every host name that reaches this port. */
export async function servePasskeyPage(): Promise<PageServer> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url?.split('?')[0] === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((listening) => {
    server.listen(0, '127.0.0.1', listening);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    originOf: (host) => `http://${host}:${port}`,
    close: () =>
      new Promise((closed) => {
        server.close(() => {
          closed();
        });
      }),
  };
}

/** The system Chromium, headless; Playwright downloads nothing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/**
 * A platform authenticator (like Touch ID or Windows Hello) that DevTools simulates in this tab:
 * CTAP2, discoverable credentials, user verification that always succeeds.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return new VirtualAuthenticator(cdp, authenticatorId);
}

export class VirtualAuthenticator {
  constructor(
    private readonly cdp: CDPSession,
    private readonly authenticatorId: string,
  ) {}

  /** Forgets every credential: each test starts with an empty authenticator. */
  async clear(): Promise<void> {
    await this.cdp.send('WebAuthn.clearCredentials', { authenticatorId: this.authenticatorId });
  }

  // Private: Playwright does not export the protocol's types for a public signature.
  private async credentials() {
    return (
      await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.authenticatorId })
    ).credentials;
  }

  /**
   * Puts a copy of `credentialId`'s key on this authenticator under other settings: another RP id
   * (a key that signs for any site, as a phishing relay would need) or an older signature
   * counter (a cloned authenticator). The copy replaces the original: an authenticator holds one
   * credential per id.
   */
  async copyCredential(
    credentialIdBase64Url: string,
    change: { readonly rpId?: string; readonly signCount?: number },
  ): Promise<void> {
    // DevTools speaks base64, WebAuthn JSON base64url.
    const credentialId = Buffer.from(credentialIdBase64Url, 'base64url').toString('base64');
    const original = (await this.credentials()).find((item) => item.credentialId === credentialId);
    if (original === undefined) {
      throw new Error(`No credential ${credentialId} on the virtual authenticator`);
    }
    await this.cdp.send('WebAuthn.removeCredential', {
      authenticatorId: this.authenticatorId,
      credentialId,
    });
    await this.cdp.send('WebAuthn.addCredential', {
      authenticatorId: this.authenticatorId,
      credential: { ...original, ...change },
    });
  }
}
