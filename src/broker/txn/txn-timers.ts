// Time sources for the transaction coordinator, injected so tests drive time with a manual clock
// and scheduler instead of sleeping. Same shapes as the group coordinator's (group/timers.ts).

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** Schedules `fn` after `delayMs`; returns a function that cancels it (safe to call twice). */
export type SetTimer = (fn: () => void, delayMs: number) => () => void;

export const systemClock: Clock = () => Date.now();

export const systemSetTimer: SetTimer = (fn, delayMs) => {
  const handle = setTimeout(fn, Math.max(0, delayMs));
  handle.unref?.(); // a pending transaction timeout must not keep the process alive
  return () => clearTimeout(handle);
};
