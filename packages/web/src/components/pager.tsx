interface Props {
  page: number;
  pages: number;
  total: number;
  label: string;
  onPage: (page: number) => void;
}

export function Pager({ page, pages, total, label, onPage }: Props) {
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>Previous page</button>
      <span aria-live="polite">Page {page} of {Math.max(pages, 1)} · {total} {label}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>Next page</button>
    </nav>
  );
}
