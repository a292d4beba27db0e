import { ApiProperty } from '@nestjs/swagger';
import type { Session } from '../session.entity.js';

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'Last login or refresh.' })
  readonly lastUsedAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'Client address at the last use.' })
  readonly ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly userAgent: string | null;

  @ApiProperty({ description: 'The session of the access token that asked.' })
  readonly current: boolean;

  constructor(session: Session, currentSessionId: string) {
    this.id = session.id;
    this.createdAt = session.createdAt.toISOString();
    this.lastUsedAt = session.lastUsedAt.toISOString();
    this.ip = session.ip;
    this.userAgent = session.userAgent;
    this.current = session.id === currentSessionId;
  }
}
