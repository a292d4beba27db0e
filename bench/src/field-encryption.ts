import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlindIndex, FieldCipher, KeyRing, generateKey } from '@bulwark/field-encryption';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  embeddedPostgresDriver,
  EncryptedColumn,
  EncryptedColumnSubscriber,
  type AuditService,
  FieldEncryptionService,
} from '@bulwark/api';

/**
 * Cost of field encryption: raw encrypt+decrypt throughput for small and page-sized values, and
 * loading 100 rows with an encrypted 1 KB body against the same rows in plaintext (embedded PGlite,
 * so the database costs the same for both and the difference is the decryption).
 */
const SECONDS = Number(process.env.BENCH_DURATION_S ?? 2);
const LOADS = Number(process.env.BENCH_LOADS ?? 200);

@Entity('plain_notes')
class PlainNote {
  @PrimaryColumn('uuid') id: string = uuidv7();
  @Column('text') body: string;
}

@Entity('secret_notes')
class SecretNote {
  @PrimaryColumn('uuid') id: string = uuidv7();
  @EncryptedColumn({ name: 'body_encrypted' }) body: string;
}

function ring(): KeyRing {
  return new KeyRing({
    activeKeyId: 'k1',
    keys: [{ id: 'k1', key: Buffer.from(generateKey(), 'base64') }],
  });
}

function roundTrips(cipher: FieldCipher, size: number): void {
  const plaintext = 'x'.repeat(size);
  const context = { table: 'notes', column: 'body', rowId: uuidv7() };
  let operations = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    cipher.decryptString(cipher.encryptString(plaintext, context), context);
    operations += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = operations / seconds;
  process.stdout.write(
    `encrypt+decrypt ${size} B: ${perSecond.toFixed(0)} round trips/s (${((perSecond * size) / 1e6).toFixed(1)} MB/s, ${(1e6 / perSecond).toFixed(1)} µs each)\n`,
  );
}

async function loadTime(
  dataSource: DataSource,
  entity: typeof PlainNote | typeof SecretNote,
): Promise<number> {
  const repository = dataSource.getRepository<PlainNote | SecretNote>(entity);
  for (let i = 0; i < 20; i += 1) {
    await repository.find({ take: 100 });
  }
  const started = performance.now();
  for (let i = 0; i < LOADS; i += 1) {
    const rows = await repository.find({ take: 100 });
    if (rows.length !== 100 || rows[0]?.body.length !== 1024) {
      throw new Error('unexpected rows');
    }
  }
  return (performance.now() - started) / LOADS;
}

const cipher = new FieldCipher(ring());
roundTrips(cipher, 64);
roundTrips(cipher, 4096);

const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-fe-'));
const dataSource = new DataSource({
  type: 'postgres',
  driver: embeddedPostgresDriver(dir),
  installExtensions: false,
  entities: [PlainNote, SecretNote],
  // A throwaway benchmark database: the API itself only ever migrates.
  synchronize: true,
});
try {
  await dataSource.initialize();
  // Every value here decrypts, so nothing is ever audited.
  const noAudit = {
    record: () => Promise.reject(new Error('unexpected audit event')),
  } as unknown as AuditService;
  new EncryptedColumnSubscriber(
    dataSource,
    new FieldEncryptionService(cipher, new BlindIndex(ring()), noAudit),
  );
  const body = 'n'.repeat(1024);
  await dataSource
    .getRepository(PlainNote)
    .save(Array.from({ length: 100 }, () => Object.assign(new PlainNote(), { body })));
  await dataSource
    .getRepository(SecretNote)
    .save(Array.from({ length: 100 }, () => Object.assign(new SecretNote(), { body })));
  const plain = await loadTime(dataSource, PlainNote);
  const secret = await loadTime(dataSource, SecretNote);
  process.stdout.write(
    `load 100 rows with a 1 KB body: plaintext ${plain.toFixed(2)} ms, encrypted ${secret.toFixed(2)} ms (+${(secret - plain).toFixed(2)} ms, ${(secret / plain).toFixed(2)}x)\n`,
  );
} finally {
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
}
