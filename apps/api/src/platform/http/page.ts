import { type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** What a client asks of a list: at most `limit` items, after skipping `offset`. */
export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

/** One page of a list, and how many items the whole list holds. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Every item of the list, whatever the page. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export function pageOf<T>(items: readonly T[], total: number, request: PageRequest): Page<T> {
  return { items, total, limit: request.limit, offset: request.offset };
}

export interface PageDocs {
  /** Said of the items, e.g. their order. */
  readonly items?: string;
  /** What `total` counts, e.g. "All of the caller's notes, whatever the page." */
  readonly total: string;
}

/**
 * The response class of a page of `Item`, as `{ items, limit, offset, total }`: every list of the
 * API answers the same shape. Extend it to name the schema: `class NotePageDto extends
 * OffsetPageDto(NoteDto, (note: Note) => new NoteDto(note), { total: '…' }) {}`.
 */
export function OffsetPageDto<Item, ItemDto>(
  itemDto: Type<ItemDto>,
  toDto: (item: Item) => ItemDto,
  docs: PageDocs,
) {
  class PageDto {
    @ApiProperty({
      type: [itemDto],
      ...(docs.items === undefined ? {} : { description: docs.items }),
    })
    readonly items: readonly ItemDto[];

    @ApiProperty({ type: 'integer', format: 'int32' })
    readonly limit: number;

    @ApiProperty({ type: 'integer', format: 'int64' })
    readonly offset: number;

    @ApiProperty({ type: 'integer', format: 'int64', description: docs.total })
    readonly total: number;

    constructor(page: Page<Item>) {
      this.items = page.items.map(toDto);
      this.limit = page.limit;
      this.offset = page.offset;
      this.total = page.total;
    }
  }
  return PageDto;
}
