import { Injectable } from '@nestjs/common';
import type { FindOptionsOrder } from 'typeorm';
import type { OwnedRepository } from '../../access/ownership/owned.repository.js';
import { InjectOwnedRepository } from '../../access/ownership/ownership.module.js';
import type { Owner } from '../../access/ownership/owner.js';
import type { Page } from '../../platform/http/page.js';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { AuditService } from '../../security/audit/audit.service.js';
import type { NoteFields, NoteListRequest, NoteSort } from './note.types.js';
import { Note } from './note.entity.js';
import { NoteNotFoundError } from './notes.errors.js';
import { AttachmentFiles } from './attachments/attachment-files.js';
import { Attachment } from './attachments/attachment.entity.js';

const WRITABLE_FIELDS = ['title', 'body'] as const;

/** The only orders a client may ask for: a field name from the query never reaches SQL. */
const ORDER: Readonly<Record<NoteSort, FindOptionsOrder<Note>>> = {
  createdAt: { createdAt: 'ASC' },
  '-createdAt': { createdAt: 'DESC' },
  updatedAt: { updatedAt: 'ASC' },
  '-updatedAt': { updatedAt: 'DESC' },
  title: { title: 'ASC' },
  '-title': { title: 'DESC' },
};

/** The caller's own notes; any other id is missing (404), whether or not it exists. */
@Injectable()
export class NotesService {
  constructor(
    @InjectOwnedRepository(Note) private readonly notes: OwnedRepository<Note>,
    private readonly audit: AuditService,
    @InjectOwnedRepository(Attachment) private readonly attachments: OwnedRepository<Attachment>,
    private readonly files: AttachmentFiles,
  ) {}

  async create(owner: Owner, fields: NoteFields): Promise<Note> {
    const note = await this.notes.create(owner, { title: fields.title, body: fields.body });
    await this.record('sensitive_create', note.id);
    return note;
  }

  list(owner: Owner, request: NoteListRequest): Promise<Page<Note>> {
    return this.notes.page(owner, request, ORDER[request.sort]);
  }

  async get(owner: Owner, id: string): Promise<Note> {
    return (await this.notes.find(owner, id)) ?? this.missing(owner, id);
  }

  /** Changing nothing writes nothing (no new ciphertext, no audit event). */
  async update(owner: Owner, id: string, changes: Partial<NoteFields>): Promise<Note> {
    const fields = WRITABLE_FIELDS.filter((field) => changes[field] !== undefined);
    if (fields.length === 0) {
      return this.get(owner, id);
    }
    const note =
      (await this.notes.update(owner, id, (row) => {
        row.title = changes.title ?? row.title;
        row.body = changes.body ?? row.body;
      })) ?? (await this.missing(owner, id));
    await this.record('sensitive_update', id, { fields });
    return note;
  }

  /** Its attachments go too: the rows by cascade, then their stored contents. */
  async delete(owner: Owner, id: string): Promise<void> {
    const attachments = await this.attachments.list(owner, { noteId: id }, {});
    const storageKeys = attachments.map((attachment) => attachment.storageKey);
    if (!(await this.notes.delete(owner, id))) {
      await this.missing(owner, id);
    }
    await this.files.discard(storageKeys);
    await this.record('sensitive_delete', id);
  }

  /**
   * 404 for another user's note as for none; the attempt on someone else's is audited as
   * malicious_direct_reference (ASVS 16.3.3), which the client cannot tell apart.
   */
  private async missing(owner: Owner, id: string): Promise<never> {
    if (await this.notes.heldByAnother(owner, id)) {
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
