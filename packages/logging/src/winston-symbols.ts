// The keys triple-beam registers with Symbol.for: winston filters on LEVEL and transports print MESSAGE.
export const LEVEL = Symbol.for('level');
export const MESSAGE = Symbol.for('message');
