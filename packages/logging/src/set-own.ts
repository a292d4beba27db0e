// Assignment would call Object.prototype's "__proto__" setter for that key from user data, so that
// one key is defined instead; every other key is assigned, which is several times faster.
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}
