import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FileStore, StoredObject } from './file-store.js';
import { StoredObjectMissingError } from './file-store.errors.js';

export interface S3FileStoreOptions {
  readonly bucket: string;
  /** A key prefix inside the bucket, e.g. `attachments/`. */
  readonly prefix: string;
  /** Server-side encryption with this KMS key (id or ARN); undefined: the bucket's default. */
  readonly kmsKeyId: string | undefined;
  readonly client: S3ClientConfig;
}

// 5 MiB is S3's smallest part; one part in flight keeps memory per upload at about 5 MiB.
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Objects in an S3-compatible bucket. Streams of unknown length go up as a multipart upload (a
 * part in memory at a time); an upload that fails is aborted, so no part is left behind.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3FileStoreOptions) {
    this.client = new S3Client(options.client);
  }

  async write(key: string, content: Readable): Promise<void> {
    const { kmsKeyId } = this.options;
    const upload = new Upload({
      client: this.client,
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
      params: {
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: content,
        ContentType: 'application/octet-stream',
        ...(kmsKeyId === undefined
          ? {}
          : { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId }),
      },
    });
    await upload.done();
  }

  async read(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return object.Body as Readable;
    } catch (error) {
      throw error instanceof NoSuchKey ? new StoredObjectMissingError() : error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }

  async *list(): AsyncIterable<StoredObject> {
    const { bucket, prefix } = this.options;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) {
          yield {
            key: object.Key.slice(prefix.length),
            modifiedAt: object.LastModified ?? new Date(0),
          };
        }
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  /** Shuts the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.options.prefix}${key}`;
  }
}
