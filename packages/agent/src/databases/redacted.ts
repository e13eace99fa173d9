/**
 * A value an operation needs while it runs but that must never reach the journal or a
 * log (operation inputs are journaled as JSON). JSON.stringify writes "[redacted]"; after
 * a crash the recovered input holds that string instead, so steps that need the secret
 * must be able to finish or undo without it (see database-steps.ts).
 */
export class Redacted<T> {
  constructor(private readonly value: T) {}

  reveal(): T {
    return this.value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }
}

export function revealOrNull<T>(value: unknown): T | null {
  return value instanceof Redacted ? (value.reveal() as T) : null;
}
