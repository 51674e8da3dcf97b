// Direct methods: invocations live, answered by hand or by rules.
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';

import { FilteredList } from '../../components/filtered-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { plural } from '../../components/plural.ts';
import { keyOf } from '../../store/device-slice.ts';
import type { Invocation } from '../../store/methods-slice.ts';
import { invocationRecord } from '../../store/pane-records.ts';
import { useConsoleStore } from '../../store/store.ts';
import { usePaneFind } from '../../store/use-find.ts';

import { AutoRules } from './auto-rules.tsx';
import { InvocationRow } from './invocation-row.tsx';
import { RespondForm } from './respond-form.tsx';

export function MethodsPane({ dark }: { dark: boolean }) {
  const invocations = useConsoleStore((s) => s.methods.invocations);
  const dropped = useConsoleStore((s) => s.methods.dropped);
  const hasHub = useConsoleStore((s) => s.hub.availability === 'emulator');
  const [selected, setSelected] = useState<string | undefined>();
  const open = invocations.filter((i) => !i.response);
  const target = open.find((i) => i.rid === selected) ?? open.at(-1);
  const identity = keyOf(useConsoleStore((s) => s.connection.identity)) ?? '';
  const toRecord = useCallback((i: Invocation) => invocationRecord(i, identity), [identity]);
  const find = usePaneFind('methods', invocations, toRecord);
  return (
    <PaneCard title="Direct methods">
      <Typography variant="body2" color="text.secondary">
        {plural(invocations.length + dropped, 'invocation')} · {open.length} waiting
        {dropped > 0 ? ` · ${dropped} older not shown` : ''}
      </Typography>
      <FilteredList
        find={find}
        label="Method invocations"
        getKey={(i) => i.rid + '@' + i.receivedAt}
        renderItem={(i) => (
          <InvocationRow
            item={i}
            selected={i.rid === target?.rid}
            onSelect={() => setSelected(i.rid)}
          />
        )}
        height={220}
        estimateSize={60}
        noMatch="No invocation matches the filter."
        empty={`No method invocations yet. Invoke a method from ${hasHub ? 'the hub panel or ' : ''}your service; answers go back to the caller.`}
      />
      <RespondForm target={target} dark={dark} />
      <AutoRules />
    </PaneCard>
  );
}
