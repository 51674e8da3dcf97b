// Arranges the panes: three columns from 1600 px, two from 1100 px, tabs below. The hub panel spans
// two columns in a grid, where it lays its own sections side by side; the journal view spans a
// whole row. `/` focuses a filter (filter-shortcut.ts).
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import useMediaQuery from '@mui/material/useMediaQuery';
import { Suspense, useState, type ReactNode } from 'react';

import { useFilterShortcut } from '../components/filter-shortcut.ts';
import { lazyChunk } from '../components/lazy-chunk.ts';
import { C2dPane } from '../panes/c2d/c2d-pane.tsx';
import { MethodsPane } from '../panes/methods/methods-pane.tsx';
import { TelemetryPane } from '../panes/telemetry/telemetry-pane.tsx';
import { TwinPane } from '../panes/twin/twin-pane.tsx';
import { useConsoleStore } from '../store/store.ts';

// Loaded on demand: the first screen stays within its JavaScript budget (docs/benchmarks.md).
const JournalPane = lazyChunk(() =>
  import('../panes/journal/journal-pane.tsx').then((m) => m.JournalPane),
);
const TimelinePane = lazyChunk(() =>
  import('../panes/timeline/timeline-pane.tsx').then((m) => m.TimelinePane),
);
// The hub panel shows once the hub service answers (after the first screen).
const HubPane = lazyChunk(() => import('../panes/hub/hub-pane.tsx').then((m) => m.HubPane));

export function PaneLayout({ dark }: { dark: boolean }) {
  const wide = useMediaQuery('(min-width:1100px)');
  const wider = useMediaQuery('(min-width:1600px)');
  const hasHub = useConsoleStore(
    (s) => s.hub.availability === 'emulator' || s.hub.gatewayAvailable,
  );
  const [tab, setTab] = useState(0);
  useFilterShortcut();
  const panes: [string, ReactNode][] = [
    ['Telemetry', <TelemetryPane dark={dark} key="t" />],
    ['C2D', <C2dPane key="c" />],
    ['Twin', <TwinPane dark={dark} key="w" />],
    ['Methods', <MethodsPane dark={dark} key="m" />],
    [
      'Timeline',
      <Suspense key="p" fallback={null}>
        <TimelinePane />
      </Suspense>,
    ],
  ];
  if (hasHub)
    panes.push([
      'Hub',
      <Suspense key="h" fallback={null}>
        <HubPane dark={dark} />
      </Suspense>,
    ]);
  panes.push([
    'Journal',
    <Suspense key="j" fallback={null}>
      <JournalPane />
    </Suspense>,
  ]);
  if (wide) {
    const columns = wider ? 3 : 2;
    return (
      <Box
        sx={{ display: 'grid', gap: 2, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      >
        {panes.map(([name, pane]) =>
          name === 'Hub' || name === 'Journal' ? (
            <Box
              key={name}
              sx={{
                gridColumn: name === 'Hub' ? 'span 2' : '1 / -1',
                display: 'grid',
                minWidth: 0,
              }}
            >
              {pane}
            </Box>
          ) : (
            pane
          ),
        )}
      </Box>
    );
  }
  const current = Math.min(tab, panes.length - 1);
  return (
    <Box>
      <Tabs
        value={current}
        onChange={(_, v: number) => setTab(v)}
        variant="scrollable"
        aria-label="Panes"
        sx={{ mb: 1 }}
      >
        {panes.map(([name]) => (
          <Tab key={name} label={name} />
        ))}
      </Tabs>
      {panes[current]?.[1]}
    </Box>
  );
}
