// Time sources for the group coordinator. Injected so unit tests drive time explicitly
// (a manual clock + scheduler) instead of sleeping.

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** Schedules `fn` after `delayMs`; returns a function that cancels it (safe to call twice). */
export type SetTimer = (fn: () => void, delayMs: number) => () => void;

export const systemClock: Clock = () => Date.now();

export const systemSetTimer: SetTimer = (fn, delayMs) => {
  const handle = setTimeout(fn, Math.max(0, delayMs));
  // A pending session/rebalance timer must not keep the process alive on its own.
  handle.unref?.();
  return () => clearTimeout(handle);
};
