/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback, and the exact name in RFC 8187
 * encoding for clients that read it. The name is already sanitised (no quotes, controls or slashes).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
