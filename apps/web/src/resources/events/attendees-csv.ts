import type { RouterOutputs } from '@klub/api/router';
import { saveFile } from '../../components/save-file.js';

type Interaction = RouterOutputs['admin']['interactions']['retrieve'];
type Profile = RouterOutputs['admin']['people']['names'][number];

const cell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The attendee list as CSV (semicolons and a BOM, so Czech Excel opens it as it is). */
export function attendeesCsv(rows: Interaction[], people: Profile[], typeName: (id: number) => string): string {
  const byId = new Map(people.map((p) => [p.id, p]));
  const lines = [['id', 'first_name', 'last_name', 'email', 'type', 'date'].join(';')];
  for (const r of rows) {
    const p = byId.get(r.user);
    lines.push([r.user, p?.first_name, p?.last_name, p?.email, typeName(r.type), r.date_from].map(cell).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function downloadCsv(name: string, text: string): void {
  saveFile(name, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
