import { useState } from 'preact/hooks';
import { get, Page, query } from '../api/client';
import type { AuditEntry } from '../api/types';
import { Field, Select } from '../components/field';
import { Pager } from '../components/pager';
import { LoadState, Table } from '../components/table';
import { useLoad } from '../components/use-load';

interface Filters {
  action: string;
  target: string;
  outcome: string;
  actor_type: string;
}

const EMPTY: Filters = { action: '', target: '', outcome: '', actor_type: '' };

/** GET /audit with its exact-match filters; 422 messages appear next to the filter. */
export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<AuditEntry>>(`/audit${query({ ...filters, page, per_page: 50 })}`), [JSON.stringify(filters), page]);
  const set = (k: keyof Filters) => (v: string) => setDraft({ ...draft, [k]: v });
  const data = list.data;
  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      <form class="toolbar" onSubmit={(e) => { e.preventDefault(); setPage(1); setFilters(draft); }}>
        <Field id="audit-action" label="Action (e.g. POST /accounts)" value={draft.action} onInput={set('action')} />
        <Field id="audit-target" label="Target (e.g. accounts/12)" value={draft.target} onInput={set('target')} />
        <Select id="audit-outcome" label="Outcome" value={draft.outcome} onChange={set('outcome')}
          options={['', 'success', 'denied', 'failed'].map((v) => ({ value: v, label: v || 'any' }))} />
        <Select id="audit-actor" label="Actor" value={draft.actor_type} onChange={set('actor_type')}
          options={['', 'person', 'token', 'anonymous'].map((v) => ({ value: v, label: v || 'any' }))} />
        <button type="submit">Filter</button>
      </form>
      <LoadState loading={list.loading && !data} error={list.error} retry={list.reload} empty={data?.meta.total === 0 && 'No entries match.'} />
      {data && data.data.length > 0 && (
        <>
          <Table label="Audit entries" head={['When', 'Who', 'Action', 'Target', 'Outcome', 'Status', 'From']}>
            {data.data.map((e) => (
              <tr key={e.id}>
                <td>{e.at.replace('T', ' ').slice(0, 19)}</td><td>{e.actor_label || e.actor_type}{e.role ? ` (${e.role})` : ''}</td>
                <td>{e.action}</td><td class="wrap">{e.target}</td><td>{e.outcome}</td><td>{e.status}</td><td>{e.source_ip}</td>
              </tr>
            ))}
          </Table>
          <Pager page={data.meta.page} pages={data.meta.pages} total={data.meta.total} label="entries" onPage={setPage} />
        </>
      )}
    </>
  );
}
