import type { FormState } from './form-state';

/** Progress while a request runs, then its outcome; a live region so screen readers hear both. */
export function Outcome({ state }: { state: FormState }) {
  if (state.phase === 'idle') return <div class="outcome" role="status" aria-live="polite" />;
  return (
    <div class={`outcome outcome-${state.phase}`} role={state.phase === 'failed' ? 'alert' : 'status'} aria-live="polite">
      {state.phase === 'busy' && <span class="spinner" aria-hidden="true" />}
      {state.message}
    </div>
  );
}
