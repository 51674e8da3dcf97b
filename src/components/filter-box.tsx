// The filter of a list pane and the journal view (issue 8, "Find and filter"): a text box labelled
// "Filter" (free text; `/` focuses it, filter-shortcut.ts), "N of M", structured filters in a
// popover (filter-options.tsx) and the Export menu. Presentational: the query lives in the store
// (src/store/find-slice.ts) and the pane passes it in.
import Button from '@mui/material/Button';
import Popover from '@mui/material/Popover';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Suspense, useState } from 'react';

import { ExportMenu, type ExportEntry } from './export-menu.tsx';
import { structuredCount, type FilterValue } from './filter-count.ts';
import type { FilterOptions as FilterOptionsType } from './filter-options.tsx';
import { lazyChunk } from './lazy-chunk.ts';

// The options popover loads on first open: the first screen stays small.
const FilterOptions = lazyChunk(() =>
  import('./filter-options.tsx').then((m) => m.FilterOptions),
) as unknown as typeof FilterOptionsType;

export type { FilterValue } from './filter-count.ts';

export type FilterBoxProps<K extends string, D extends string> = {
  value: FilterValue<K, D>;
  onChange: (value: FilterValue<K, D>) => void;
  shown: number;
  total: number;
  /** Kinds and directions worth offering (a pane of one kind offers none). */
  kinds?: readonly K[];
  directions?: readonly D[];
  exports: readonly ExportEntry[];
};

export function FilterBox<K extends string, D extends string>(props: FilterBoxProps<K, D>) {
  const { value, onChange, shown, total, kinds = [], directions = [], exports } = props;
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const active = structuredCount(value);
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <TextField
        size="small"
        label="Filter"
        value={value.text ?? ''}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value.text) {
            e.stopPropagation();
            onChange({ ...value, text: '' });
          }
        }}
        placeholder='words, "a phrase", $.ct=application/json'
        slotProps={{ htmlInput: { 'data-filter-box': '' } }}
        sx={{ flex: '1 1 14rem', minWidth: '10rem' }}
      />
      <Typography
        variant="body2"
        color="text.secondary"
        aria-label="Filter count"
        sx={{ whiteSpace: 'nowrap' }}
      >
        {shown} of {total}
      </Typography>
      {/* The number of options in force in the label (a Badge would cost the first screen). */}
      <Button
        size="small"
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        Filter options{active > 0 ? ` (${active})` : ''}
      </Button>
      <ExportMenu entries={exports} />
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { role: 'dialog', 'aria-label': 'Filter options' } }}
      >
        <Suspense fallback={null}>
          <FilterOptions value={value} onChange={onChange} kinds={kinds} directions={directions} />
        </Suspense>
      </Popover>
    </Stack>
  );
}
