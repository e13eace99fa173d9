/** "3 of 25 mailboxes" with a meter; a limit of 0 is unlimited (no meter). */
export function Usage({ id, used, max, noun }: { id: string; used: number; max: number | undefined; noun: string }) {
  if (max === undefined) return null;
  const text = max ? `${used} of ${max} ${noun}` : `${used} ${noun} (no limit)`;
  return (
    <p class="usage">
      <label for={id}>{text}</label>
      {max > 0 && <meter id={id} min={0} max={max} value={Math.min(used, max)} high={Math.ceil(max * 0.9)} optimum={0} />}
    </p>
  );
}
