/**
 * A small seeded pseudo-random generator (sfc32): the same seed gives the same requests on every
 * run and machine, so a finding can be replayed from its seed alone.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Mixes the seed into every word before the first output.
    for (let round = 0; round < 15; round += 1) {
      this.next();
    }
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) {
      throw new Error('pick from an empty list');
    }
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let text = '';
    for (let index = 0; index < length; index += 1) {
      text += alphabet[this.int(0, alphabet.length - 1)] ?? '';
    }
    return text;
  }
}

/** A seed of its own for each label (FNV-1a of it, mixed with the run's seed). */
export function seedFor(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
