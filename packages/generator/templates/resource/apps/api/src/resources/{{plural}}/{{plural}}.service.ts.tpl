import { Injectable } from '@nestjs/common';
import type { FindOptionsOrder } from 'typeorm';
import type { OwnedRepository } from '../../access/ownership/owned.repository.js';
import { InjectOwnedRepository } from '../../access/ownership/ownership.module.js';
import type { Owner } from '../../access/ownership/owner.js';
import type { Page } from '../../platform/http/page.js';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { AuditService } from '../../security/audit/audit.service.js';
import type { {{Singular}}Fields, {{Singular}}ListRequest, {{Singular}}Sort } from './{{singular}}.types.js';
import { {{Singular}} } from './{{singular}}.entity.js';
import { {{Singular}}NotFoundError } from './{{plural}}.errors.js';

const WRITABLE_FIELDS = ['name', 'details'] as const;

/** The only orders a client may ask for: a field name from the query never reaches SQL. */
const ORDER: Readonly<Record<{{Singular}}Sort, FindOptionsOrder<{{Singular}}>>> = {
  createdAt: { createdAt: 'ASC' },
  '-createdAt': { createdAt: 'DESC' },
  updatedAt: { updatedAt: 'ASC' },
  '-updatedAt': { updatedAt: 'DESC' },
  name: { name: 'ASC' },
  '-name': { name: 'DESC' },
};

/** The caller's own {{pluralWords}}; any other id is missing (404), whether or not it exists. */
@Injectable()
export class {{Plural}}Service {
  constructor(
    @InjectOwnedRepository({{Singular}}) private readonly {{pluralCamel}}: OwnedRepository<{{Singular}}>,
    private readonly audit: AuditService,
  ) {}

  async create(owner: Owner, fields: {{Singular}}Fields): Promise<{{Singular}}> {
    const created = await this.{{pluralCamel}}.create(owner, { name: fields.name, details: fields.details });
    await this.record('sensitive_create', created.id);
    return created;
  }

  list(owner: Owner, request: {{Singular}}ListRequest): Promise<Page<{{Singular}}>> {
    return this.{{pluralCamel}}.page(owner, request, ORDER[request.sort]);
  }

  async get(owner: Owner, id: string): Promise<{{Singular}}> {
    return (await this.{{pluralCamel}}.find(owner, id)) ?? this.missing(owner, id);
  }

  /** Changing nothing writes nothing (no new ciphertext, no audit event). */
  async update(owner: Owner, id: string, changes: Partial<{{Singular}}Fields>): Promise<{{Singular}}> {
    const fields = WRITABLE_FIELDS.filter((field) => changes[field] !== undefined);
    if (fields.length === 0) {
      return this.get(owner, id);
    }
    const updated =
      (await this.{{pluralCamel}}.update(owner, id, (row) => {
        row.name = changes.name ?? row.name;
        row.details = changes.details ?? row.details;
      })) ?? (await this.missing(owner, id));
    await this.record('sensitive_update', id, { fields });
    return updated;
  }

  async delete(owner: Owner, id: string): Promise<void> {
    if (!(await this.{{pluralCamel}}.delete(owner, id))) {
      await this.missing(owner, id);
    }
    await this.record('sensitive_delete', id);
  }

  /**
   * 404 for another user's {{singularWords}} as for none; the attempt on someone else's is audited as
   * malicious_direct_reference (ASVS 16.3.3), which the client cannot tell apart.
   */
  private async missing(owner: Owner, id: string): Promise<never> {
    if (await this.{{pluralCamel}}.heldByAnother(owner, id)) {
      await this.audit.record({
        event: 'malicious_direct_reference',
        outcome: 'failure',
        target: `{{singular}}:${id}`,
      });
    }
    throw new {{Singular}}NotFoundError();
  }

  private async record(
    event: AuditEventName,
    id: string,
    metadata?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.audit.record({ event, outcome: 'success', target: `{{singular}}:${id}`, metadata });
  }
}
