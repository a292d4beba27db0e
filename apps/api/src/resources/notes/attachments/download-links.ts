import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { KeyRing } from '@bulwark/field-encryption';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '../../../platform/clock/clock.js';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { KeyRingsConfig } from '../../../platform/config/key-rings.js';
import type { AttachmentsConfig } from './attachments.config.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly keyRings: KeyRingsConfig; readonly attachments: AttachmentsConfig };

/** What a link grants: one user, one file, until `expires` (Unix seconds). */
export interface DownloadGrant {
  readonly attachmentId: string;
  readonly userId: string;
  readonly expires: number;
}

export interface SignedLink {
  readonly expires: number;
  /** `<key id>.<base64url HMAC>` */
  readonly signature: string;
}

/** Injection token of the {@link Clock} links expire by. */
export const DOWNLOAD_LINKS_CLOCK = Symbol('DOWNLOAD_LINKS_CLOCK');

// Its own purpose: a MAC made for anything else never verifies here, nor the reverse.
const KEY_LABEL = Buffer.from('bulwark/attachments/download-link/v1', 'utf8');
const SIGNATURE = /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{43})$/;

/**
 * HMAC-SHA256 download links, keyed by a subkey of the field-encryption ring (so rotating that
 * ring rotates them; links signed under a retired key stop verifying). The user is part of what
 * is signed, not of the link: another user presenting it computes a different MAC.
 */
@Injectable()
export class DownloadLinks {
  private readonly ring: KeyRing;
  private readonly keys = new Map<string, KeyObject>();
  private readonly ttlSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: SectionsRead,
    @Inject(DOWNLOAD_LINKS_CLOCK) private readonly clock: Clock,
  ) {
    this.ring = new KeyRing(config.keyRings.fieldEncryption);
    this.ttlSeconds = config.attachments.linkTtlSeconds;
  }

  sign(attachmentId: string, userId: string): SignedLink {
    const expires = Math.floor(this.clock() / 1000) + this.ttlSeconds;
    const keyId = this.ring.activeKeyId;
    const mac = this.mac(keyId, { attachmentId, userId, expires });
    return { expires, signature: `${keyId}.${mac.toString('base64url')}` };
  }

  /** Whether the link is intact, unexpired and made for this user and file. */
  verify(grant: DownloadGrant, signature: string): boolean {
    const match = SIGNATURE.exec(signature);
    if (match === null || !this.ring.has(match[1] ?? '')) {
      return false;
    }
    const presented = Buffer.from(match[2] ?? '', 'base64url');
    const expected = this.mac(match[1] ?? '', grant);
    const intact = presented.length === expected.length && timingSafeEqual(presented, expected);
    return intact && grant.expires * 1000 > this.clock();
  }

  private mac(keyId: string, { attachmentId, userId, expires }: DownloadGrant): Buffer {
    let key = this.keys.get(keyId);
    if (key === undefined) {
      key = this.ring.deriveKey(keyId, KEY_LABEL);
      this.keys.set(keyId, key);
    }
    return createHmac('sha256', key)
      .update(JSON.stringify([attachmentId, userId, expires]))
      .digest();
  }
}
