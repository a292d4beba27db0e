import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityMetadata,
  type EntitySubscriberInterface,
  type InsertEvent,
  type LoadEvent,
  type ObjectLiteral,
  type UpdateEvent,
} from 'typeorm';
import { SealedValue } from './encrypted-column.decorator.js';
import { encryptedColumnsOf, type EncryptedColumnInfo } from './encrypted-columns.js';
import { FieldEncryptionService } from './field-encryption.service.js';
import { EncryptedColumnMisuseError } from './field-encryption.errors.js';

/**
 * Seals encrypted columns (and fills their blind indexes) before `save()` writes them, puts the
 * plaintext back in memory after, and decrypts them when rows are loaded.
 */
@Injectable()
export class EncryptedColumnSubscriber implements EntitySubscriberInterface {
  private readonly columns = new WeakMap<EntityMetadata, EncryptedColumnInfo[]>();
  private readonly plaintexts = new WeakMap<ObjectLiteral, Map<string, unknown>>();

  constructor(
    dataSource: DataSource,
    private readonly encryption: FieldEncryptionService,
  ) {
    dataSource.subscribers.push(this);
  }

  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    this.seal(event.entity, event.metadata);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity !== undefined) {
      this.seal(event.entity, event.metadata);
    }
  }

  afterInsert(event: InsertEvent<ObjectLiteral>): void {
    this.restore(event.entity);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.entity !== undefined) {
      this.restore(event.entity);
    }
  }

  afterLoad(entity: ObjectLiteral, event?: LoadEvent<ObjectLiteral>): void {
    if (event === undefined) {
      return;
    }
    for (const info of this.columnsOf(event.metadata)) {
      const value: unknown = entity[info.property];
      if (typeof value === 'string') {
        entity[info.property] = this.encryption.open(
          info,
          this.rowIdOf(entity, event.metadata, info),
          value,
        );
      }
    }
  }

  private seal(entity: ObjectLiteral, metadata: EntityMetadata): void {
    const saved = new Map<string, unknown>();
    for (const info of this.columnsOf(metadata)) {
      const plaintext: unknown = entity[info.property];
      if (plaintext === undefined || plaintext === null || plaintext instanceof SealedValue) {
        continue;
      }
      saved.set(info.property, plaintext);
      const rowId = this.rowIdOf(entity, metadata, info);
      entity[info.property] = new SealedValue(this.encryption.seal(info, rowId, plaintext));
      if (info.blindIndex !== undefined) {
        entity[info.blindIndex.property] = this.encryption.blindIndex(info, plaintext);
      }
    }
    if (saved.size > 0) {
      this.plaintexts.set(entity, saved);
    }
  }

  private restore(entity: ObjectLiteral): void {
    for (const [property, plaintext] of this.plaintexts.get(entity) ?? []) {
      entity[property] = plaintext;
    }
    this.plaintexts.delete(entity);
  }

  private columnsOf(metadata: EntityMetadata): EncryptedColumnInfo[] {
    let columns = this.columns.get(metadata);
    if (columns === undefined) {
      columns = encryptedColumnsOf(metadata);
      this.columns.set(metadata, columns);
    }
    return columns;
  }

  private rowIdOf(
    entity: ObjectLiteral,
    metadata: EntityMetadata,
    info: EncryptedColumnInfo,
  ): string {
    const id: unknown = metadata.primaryColumns[0]?.getEntityValue(entity);
    if (typeof id !== 'string' || id === '') {
      throw new EncryptedColumnMisuseError(
        `${metadata.name}.${info.property} is encrypted: it is bound to the row id, so write it with save() on an entity whose id is set (not update() or a query builder) and select the id with it`,
      );
    }
    return id;
  }
}
