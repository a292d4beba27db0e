import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { FileStoreConfig } from './file-store.config.js';
import { FILE_STORE, type FileStore } from './file-store.js';
import { LocalDiskFileStore } from './local-disk.file-store.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly fileStore: FileStoreConfig };

/** The S3 adapter and its SDK are loaded only when configured: most deployments never need them. */
export async function createFileStore(config: FileStoreConfig): Promise<FileStore> {
  if (config.kind === 'local') {
    return new LocalDiskFileStore(config.directory);
  }
  const { S3FileStore } = await import('./s3.file-store.js');
  return new S3FileStore({
    bucket: config.bucket,
    prefix: config.prefix,
    kmsKeyId: config.kmsKeyId,
    client: {
      region: config.region,
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint, forcePathStyle: true }),
    },
  });
}

@Global()
@Module({
  providers: [
    {
      provide: FILE_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: SectionsRead): Promise<FileStore> => createFileStore(config.fileStore),
    },
  ],
  exports: [FILE_STORE],
})
export class FileStoreModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORE) private readonly store: FileStore) {}

  onApplicationShutdown(): void {
    this.store.close?.();
  }
}
