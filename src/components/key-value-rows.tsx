// Editable key/value rows (application properties). Keys and values are plain text fields.
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

export type KeyValue = { key: string; value: string };

export type KeyValueRowsProps = {
  /** e.g. "Application property": rows are labelled "Application property 1 name" / "... value". */
  label: string;
  rows: KeyValue[];
  onChange: (rows: KeyValue[]) => void;
};

export function KeyValueRows({ label, rows, onChange }: KeyValueRowsProps) {
  const update = (i: number, patch: Partial<KeyValue>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack spacing={1}>
      {rows.map((row, i) => (
        <Stack direction="row" spacing={1} key={i} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label={`${label} ${i + 1} name`}
            value={row.key}
            onChange={(e) => update(i, { key: e.target.value })}
            sx={{ flex: 1 }}
          />
          <TextField
            size="small"
            label={`${label} ${i + 1} value`}
            value={row.value}
            onChange={(e) => update(i, { value: e.target.value })}
            sx={{ flex: 1 }}
          />
          <Button
            size="small"
            aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ✕
          </Button>
        </Stack>
      ))}
      <Button
        size="small"
        sx={{ alignSelf: 'flex-start' }}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add {label.toLowerCase()}
      </Button>
    </Stack>
  );
}

/** Rows with a name, as a record (later duplicates win, as in a property bag). */
export function rowsToRecord(rows: readonly KeyValue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim() !== '') out[r.key] = r.value;
  return out;
}
