import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
import type { NoteFields, NoteListRequest, NoteSort } from './note.types.js';
import { Note } from './note.entity.js';

type SortColumn = 'createdAt' | 'updatedAt' | 'title';

const ORDER: Readonly<Record<NoteSort, readonly [SortColumn, 'ASC' | 'DESC']>> = {
  createdAt: ['createdAt', 'ASC'],
  '-createdAt': ['createdAt', 'DESC'],
  updatedAt: ['updatedAt', 'ASC'],
  '-updatedAt': ['updatedAt', 'DESC'],
  title: ['title', 'ASC'],
  '-title': ['title', 'DESC'],
};

/**
 * Every query is scoped by `owner_id` in its WHERE clause: another user's note is never loaded,
 * so it cannot be returned, changed or deleted by mistake.
 */
@Injectable()
export class NotesRepository {
  constructor(@InjectRepository(Note) private readonly notes: Repository<Note>) {}

  /** Through save(): the only write path that encrypts the body. */
  create(ownerId: string, fields: NoteFields): Promise<Note> {
    return this.notes.save(this.notes.create({ ownerId, title: fields.title, body: fields.body }));
  }

  findOwned(ownerId: string, id: string): Promise<Note | null> {
    return this.notes.findOne({ where: { id, ownerId } });
  }

  /** Whether `id` is a note of someone else: for the audit trail only, never for an answer. */
  ownedByAnother(ownerId: string, id: string): Promise<boolean> {
    return this.notes.exists({ where: { id, ownerId: Not(ownerId) } });
  }

  /** A page of the owner's notes and the count of all of them; ties broken by id (stable pages). */
  page(ownerId: string, request: NoteListRequest): Promise<[Note[], number]> {
    const [field, direction] = ORDER[request.sort];
    return this.notes.findAndCount({
      where: { ownerId },
      order: { [field]: direction, id: direction },
      skip: request.offset,
      take: request.limit,
    });
  }

  /**
   * Locks the owner's note, applies the changes and saves it, re-encrypting the body. In one
   * transaction: save() inserts a row it does not find, which would bring back a note deleted
   * between the read and the write; the lock makes that delete wait, or win and answer null.
   */
  update(ownerId: string, id: string, changes: Partial<NoteFields>): Promise<Note | null> {
    return this.notes.manager.transaction(async (manager) => {
      const repository = manager.getRepository(Note);
      const note = await repository.findOne({
        where: { id, ownerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (note === null) {
        return null;
      }
      if (changes.title !== undefined) {
        note.title = changes.title;
      }
      if (changes.body !== undefined) {
        note.body = changes.body;
      }
      return repository.save(note);
    });
  }

  /** False when the owner has no such note. */
  async delete(ownerId: string, id: string): Promise<boolean> {
    const result = await this.notes.delete({ id, ownerId });
    return result.affected === 1;
  }
}
