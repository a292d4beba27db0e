import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventRow } from '../../security/audit/audit-chain.js';

export class AuditEventDto {
  @ApiProperty({ type: 'integer', format: 'int64', description: 'Position in the hash chain.' })
  readonly seq: number;

  @ApiProperty({ format: 'date-time' })
  readonly occurredAt: string;

  @ApiProperty({ description: 'OWASP Logging Vocabulary name, e.g. authz_fail.' })
  readonly event: string;

  @ApiProperty({ enum: ['success', 'failure'] })
  readonly outcome: string;

  @ApiProperty({ description: 'A user id, `system` or `anonymous`.' })
  readonly actor: string;

  @ApiProperty({ type: String, nullable: true })
  readonly target: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly requestId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  readonly metadata: AuditEventRow['metadata'];

  constructor(row: AuditEventRow) {
    this.seq = row.seq;
    this.occurredAt = row.occurredAt.toISOString();
    this.event = row.event;
    this.outcome = row.outcome;
    this.actor = row.actor;
    this.target = row.target;
    this.ip = row.ip;
    this.requestId = row.requestId;
    this.metadata = row.metadata;
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  readonly items: readonly AuditEventDto[];

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'Pass as `beforeSeq` for the next (older) page; null on the last page.',
  })
  readonly nextBeforeSeq: number | null;

  constructor(rows: readonly AuditEventRow[], limit: number) {
    this.items = rows.map((row) => new AuditEventDto(row));
    const last = rows.at(-1);
    this.nextBeforeSeq = rows.length === limit && last !== undefined ? last.seq : null;
  }
}
