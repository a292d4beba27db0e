/**
 * Decodes base64 or base64url only in its canonical form. Node's decoder skips invalid
 * characters and ignores unused trailing bits, so two different strings could otherwise
 * decode to the same bytes; the round-trip check rejects both.
 */
export function decodeCanonical(
  text: string,
  encoding: 'base64' | 'base64url',
): Buffer | undefined {
  const bytes = Buffer.from(text, encoding);
  return bytes.toString(encoding) === text ? bytes : undefined;
}
