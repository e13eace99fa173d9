import type { ComponentChildren } from 'preact';

/** A table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
export function Table({ label, head, children }: { label: string; head: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={`${label} table`} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{label}</caption>
        <thead>
          <tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function LoadState({ loading, error, empty, retry }: { loading: boolean; error: string; empty?: string | false; retry?: () => void }) {
  if (error) {
    return (
      <p class="outcome outcome-failed" role="alert">
        {error} {retry && <button type="button" class="small" onClick={retry}>Retry</button>}
      </p>
    );
  }
  if (loading) return <p role="status">Loading…</p>;
  if (empty) return <p>{empty}</p>;
  return null;
}
