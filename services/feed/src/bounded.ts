/**
 * Replies travel over NATS, which carries at most 1 MB per message (the server's default; we do
 * not rely on raising it). A list stops adding items once its serialized size would pass this
 * budget, leaving room for the envelope and whatever the reply carries besides the list.
 */
export const REPLY_BUDGET_BYTES = 600_000;

/** The size of `value` as JSON on the wire, in bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * How many of `items`, taken in order, fit in `budget` bytes (after `used` bytes already
 * spent). Always at least one when there is one, so a list always moves forward.
 */
export function countWithinBudget(
  items: readonly unknown[],
  budget = REPLY_BUDGET_BYTES,
  used = 0,
): number {
  let total = used;
  for (let i = 0; i < items.length; i++) {
    total += jsonBytes(items[i]) + 1;
    if (total > budget) return Math.max(i, 1);
  }
  return items.length;
}
