// The structured filters of a filter box: kind, direction, a property (equal to a value, or just
// present), acknowledged or not, and a time range (local time, to the second).
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

import type { FilterValue } from './filter-count.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ms since the epoch as a datetime-local value (local time, seconds). */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

function fromLocalInput(text: string): number | undefined {
  if (text === '') return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function without<T extends object, F extends keyof T>(o: T, field: F): Omit<T, F> {
  const copy = { ...o };
  delete copy[field];
  return copy;
}

function toggle<T>(list: readonly T[] | undefined, item: T, on: boolean): T[] {
  const rest = (list ?? []).filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

type Props<K extends string, D extends string> = {
  value: FilterValue<K, D>;
  onChange: (value: FilterValue<K, D>) => void;
  kinds: readonly K[];
  directions: readonly D[];
};

export function FilterOptions<K extends string, D extends string>(props: Props<K, D>) {
  const { value, onChange, kinds, directions } = props;
  const set = <F extends keyof FilterValue<K, D>>(field: F, v: FilterValue<K, D>[F] | undefined) =>
    onChange(v === undefined ? without(value, field) : { ...value, [field]: v });
  const ack = value.acknowledged === undefined ? 'any' : value.acknowledged ? 'yes' : 'no';
  return (
    <Stack spacing={1.5} sx={{ p: 2, width: 340, maxWidth: '90vw' }}>
      <CheckGroup
        legend="Kind"
        options={kinds}
        checked={value.kinds}
        onChange={(v) => set('kinds', v)}
      />
      <CheckGroup
        legend="Direction"
        options={directions}
        checked={value.directions}
        onChange={(v) => set('directions', v)}
      />
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          label="Property name"
          value={value.property?.name ?? ''}
          helperText="contentType, $.ct or an app key"
          onChange={(e) => {
            const name = e.target.value;
            const v = value.property?.value;
            set('property', name ? { name, ...(v !== undefined ? { value: v } : {}) } : undefined);
          }}
        />
        <TextField
          size="small"
          label="Property value"
          value={value.property?.value ?? ''}
          helperText="empty: present"
          disabled={!value.property}
          onChange={(e) => {
            if (!value.property) return;
            const v = e.target.value;
            set('property', { name: value.property.name, ...(v ? { value: v } : {}) });
          }}
        />
      </Stack>
      <TextField
        size="small"
        select
        label="Acknowledged"
        value={ack}
        onChange={(e) =>
          set('acknowledged', e.target.value === 'any' ? undefined : e.target.value === 'yes')
        }
      >
        <MenuItem value="any">Any</MenuItem>
        <MenuItem value="yes">Acknowledged</MenuItem>
        <MenuItem value="no">Not acknowledged</MenuItem>
      </TextField>
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          type="datetime-local"
          label="From"
          value={toLocalInput(value.from)}
          onChange={(e) => set('from', fromLocalInput(e.target.value))}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 1 } }}
        />
        <TextField
          size="small"
          type="datetime-local"
          label="To"
          value={toLocalInput(value.to)}
          // Inclusive to the end of the second shown.
          onChange={(e) => {
            const to = fromLocalInput(e.target.value);
            set('to', to === undefined ? undefined : to + 999);
          }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 1 } }}
        />
      </Stack>
      <Button
        size="small"
        onClick={() => onChange(value.text ? { text: value.text } : {})}
        sx={{ alignSelf: 'flex-start' }}
      >
        Clear filter options
      </Button>
    </Stack>
  );
}

/** One checkbox per option; nothing to choose (fewer than two options) shows nothing. */
function CheckGroup<T extends string>(props: {
  legend: string;
  options: readonly T[];
  checked: readonly T[] | undefined;
  onChange: (checked: T[]) => void;
}) {
  const { legend, options, checked, onChange } = props;
  if (options.length < 2) return null;
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">{legend}</FormLabel>
      <FormGroup row>
        {options.map((o) => (
          <FormControlLabel
            key={o}
            label={o}
            control={
              <Checkbox
                size="small"
                checked={checked?.includes(o) ?? false}
                onChange={(e) => onChange(toggle(checked, o, e.target.checked))}
              />
            }
          />
        ))}
      </FormGroup>
    </FormControl>
  );
}
