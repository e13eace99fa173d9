import { useRef, useState } from 'preact/hooks';
import { ApiError, newKey } from '../api/client';

export type Phase = 'idle' | 'busy' | 'done' | 'failed';

export interface FormState {
  phase: Phase;
  /** What is being done, while busy; the outcome, after. */
  message: string;
  fields: Record<string, string>;
  /** Runs one submission: one idempotency key per form until it succeeds, so a retry after a 503 never acts twice. */
  run(progress: string, action: (key: string) => Promise<string>): Promise<boolean>;
  reset(): void;
}

export const AGENT_UNAVAILABLE = "The server's agent is unavailable, retry in a moment. Nothing was changed and your input is kept.";

export function describe(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.unavailable) return AGENT_UNAVAILABLE;
    if (e.status === 422 && e.details.length) return `${e.message}: check the fields marked with ⚠.`;
    return e.message;
  }
  return 'Unexpected error: ' + String(e);
}

export function useFormState(): FormState {
  const [phase, setPhase] = useState<Phase>('idle');
  const [message, setMessage] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const key = useRef(newKey());
  return {
    phase, message, fields,
    async run(progress, action) {
      setPhase('busy');
      setMessage(progress);
      setFields({});
      try {
        const outcome = await action(key.current);
        key.current = newKey();
        setPhase('done');
        setMessage(outcome);
        return true;
      } catch (e) {
        // A definite answer (4xx) is stored under the key: the corrected form needs a new one.
        // After a 5xx or a lost connection the same key retries safely.
        if (e instanceof ApiError && e.status > 0 && e.status < 500) key.current = newKey();
        setPhase('failed');
        setMessage(describe(e));
        if (e instanceof ApiError) setFields(e.fieldErrors());
        return false;
      }
    },
    reset() {
      setPhase('idle');
      setMessage('');
      setFields({});
    },
  };
}
