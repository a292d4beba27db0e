/**
 * Writes `key` as the newest entry of `map` and, past `maxEntries`, drops the entry written
 * longest ago. The in-process stores (lockouts, rate limits, IP bans) use it so that a flood of
 * new keys evicts old state instead of exhausting memory.
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, maxEntries: number): void {
  // Deleting first moves the key to the end: Map iterates in insertion order.
  map.delete(key);
  map.set(key, value);
  if (map.size > maxEntries) {
    const [oldest] = map.keys();
    if (oldest !== undefined) {
      map.delete(oldest);
    }
  }
}
