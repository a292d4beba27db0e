import { Injectable } from '@nestjs/common';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { AuditService } from '../../security/audit/audit.service.js';
import type { NoteFields, NoteListRequest, NotePage } from './note.types.js';
import type { Note } from './note.entity.js';
import { NoteNotFoundError } from './notes.errors.js';
import { NotesRepository } from './notes.repository.js';

const WRITABLE_FIELDS = ['title', 'body'] as const;

/** The caller's own notes; any other id is missing (404), whether or not it exists. */
@Injectable()
export class NotesService {
  constructor(
    private readonly notes: NotesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(ownerId: string, fields: NoteFields): Promise<Note> {
    const note = await this.notes.create(ownerId, fields);
    await this.record('sensitive_create', note.id);
    return note;
  }

  async list(ownerId: string, request: NoteListRequest): Promise<NotePage> {
    const [notes, total] = await this.notes.page(ownerId, request);
    return { notes, total, limit: request.limit, offset: request.offset };
  }

  async get(ownerId: string, id: string): Promise<Note> {
    return (await this.notes.findOwned(ownerId, id)) ?? this.missing(ownerId, id);
  }

  /** Changing nothing writes nothing (no new ciphertext, no audit event). */
  async update(ownerId: string, id: string, changes: Partial<NoteFields>): Promise<Note> {
    const fields = WRITABLE_FIELDS.filter((field) => changes[field] !== undefined);
    if (fields.length === 0) {
      return this.get(ownerId, id);
    }
    const note =
      (await this.notes.update(ownerId, id, changes)) ?? (await this.missing(ownerId, id));
    await this.record('sensitive_update', id, { fields });
    return note;
  }

  async delete(ownerId: string, id: string): Promise<void> {
    if (!(await this.notes.delete(ownerId, id))) {
      await this.missing(ownerId, id);
    }
    await this.record('sensitive_delete', id);
  }

  /**
   * 404 for another user's note as for none; the attempt on someone else's is audited as
   * malicious_direct_reference (ASVS 16.3.3), which the client cannot tell apart.
   */
  private async missing(ownerId: string, id: string): Promise<never> {
    if (await this.notes.ownedByAnother(ownerId, id)) {
      await this.audit.record({
        event: 'malicious_direct_reference',
        outcome: 'failure',
        target: `note:${id}`,
      });
    }
    throw new NoteNotFoundError();
  }

  private async record(
    event: AuditEventName,
    id: string,
    metadata?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.audit.record({ event, outcome: 'success', target: `note:${id}`, metadata });
  }
}
