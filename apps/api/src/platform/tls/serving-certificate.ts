import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import { daysUntil, pemCertificateExpiry } from '@bulwark/tls-inspection';
import type { Server } from 'node:tls';
import { APP_CONFIG } from '../config/config.module.js';
import type { HttpConfig } from '../http/http.config.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { MOZILLA_INTERMEDIATE, readTlsPair } from './tls-profile.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly http: HttpConfig };

export interface CertificateExpiry {
  readonly validTo: Date;
  readonly daysLeft: number;
}

/**
 * The certificate of the native TLS listener: its expiry, and a reload of renewed files on
 * SIGHUP through `setSecureContext`, so that connections made from then on get the new pair while
 * the process, and the connections already open, stay up. Idle without TLS_CERT_FILE.
 */
@Injectable()
export class ServingCertificate implements OnApplicationBootstrap, OnApplicationShutdown {
  private validTo: Date | undefined;
  private readonly reloaded = new Set<() => Promise<void>>();
  private readonly onSighup = (): void => {
    void this.reload().catch((error: unknown) => {
      // The old pair keeps serving: a half-written renewal must not take the listener down.
      this.logger.error('TLS certificate reload failed; still serving the previous certificate', {
        error,
      });
    });
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const files = this.config.http.tls;
    if (files !== undefined) {
      this.validTo = pemCertificateExpiry(readTlsPair(files).cert, new Date()).validTo;
      process.on('SIGHUP', this.onSighup);
    }
  }

  onApplicationShutdown(): void {
    process.off('SIGHUP', this.onSighup);
  }

  /** Days left on the certificate being served; undefined without native TLS. */
  expiry(now = new Date()): CertificateExpiry | undefined {
    return this.validTo === undefined
      ? undefined
      : { validTo: this.validTo, daysLeft: daysUntil(this.validTo, now) };
  }

  /** Runs `listener` after each successful reload (the expiry monitor checks again). */
  onReload(listener: () => Promise<void>): void {
    this.reloaded.add(listener);
  }

  /** Reads the files again and serves the new pair to new connections. */
  async reload(): Promise<void> {
    const files = this.config.http.tls;
    if (files === undefined) {
      return;
    }
    const pair = readTlsPair(files);
    const { validTo } = pemCertificateExpiry(pair.cert, new Date());
    // Node's https.Server is a tls.Server: the context of new handshakes can be swapped.
    (this.adapterHost.httpAdapter.getHttpServer() as Server).setSecureContext({
      ...MOZILLA_INTERMEDIATE,
      ...pair,
    });
    this.validTo = validTo;
    this.logger.info('TLS certificate reloaded', { validTo: validTo.toISOString() });
    for (const listener of this.reloaded) {
      await listener();
    }
  }
}
