import { ApiProperty } from '@nestjs/swagger';
import type { SinkStats } from '@bulwark/logging';

/** Counters of one log sink: whether it is reachable and how many events it had to drop. */
export class LogSinkStatusDto {
  @ApiProperty({ description: 'The last delivery attempt succeeded' })
  readonly connected: boolean;

  @ApiProperty({ description: 'Events waiting in memory' })
  readonly buffered: number;

  @ApiProperty({ description: 'Non-audit events lost since start' })
  readonly dropped: number;

  @ApiProperty({ description: 'Audit events lost since start (audit events evict others first)' })
  readonly droppedAudit: number;

  constructor(stats: SinkStats) {
    this.connected = stats.connected;
    this.buffered = stats.buffered;
    this.dropped = stats.dropped;
    this.droppedAudit = stats.droppedAudit;
  }
}
