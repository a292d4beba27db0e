import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to notes: the row holds the metadata and the file's data key (encrypted, bound to
 * the row); the contents live in the file store. Deleting a note or a user deletes the rows; the
 * objects go with them, or to the orphan sweeper. The CHECKs are the backstop for writes that
 * bypass the service: a random key, a plaintext data key or an unknown state cannot be stored.
 */
export class CreateAttachments1765220000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        note_id uuid NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        storage_key text NOT NULL UNIQUE CONSTRAINT attachments_storage_key_format CHECK (storage_key ~ '^[0-9a-f]{32}$'),
        display_name text NOT NULL CONSTRAINT attachments_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 255),
        media_type text NOT NULL CONSTRAINT attachments_media_type_allowed CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        size_bytes integer NOT NULL CONSTRAINT attachments_size_bytes_positive CHECK (size_bytes > 0),
        data_key_encrypted text NOT NULL CONSTRAINT attachments_data_key_encrypted_format CHECK (data_key_encrypted LIKE 'ef1:%'),
        status text NOT NULL CONSTRAINT attachments_status_known CHECK (status IN ('pending', 'clean')),
        scanned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX attachments_by_note ON attachments (note_id, created_at)`,
    );
    // The quota sums a user's files; the rescan looks for pending ones.
    await queryRunner.query(`CREATE INDEX attachments_by_owner ON attachments (owner_id)`);
    await queryRunner.query(
      `CREATE INDEX attachments_pending ON attachments (created_at) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE attachments');
  }
}
