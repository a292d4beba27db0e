// defineProperty, unlike assignment, treats a "__proto__" key from user data as an ordinary key.
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
