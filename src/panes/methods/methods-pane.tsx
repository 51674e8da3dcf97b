// Direct methods: invocations live, answered by hand or by rules.
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { MessageList } from '../../components/message-list.tsx';
import { PaneCard } from '../../components/pane-card.tsx';
import { useConsoleStore } from '../../store/store.ts';

import { AutoRules } from './auto-rules.tsx';
import { InvocationRow } from './invocation-row.tsx';
import { RespondForm } from './respond-form.tsx';

export function MethodsPane({ dark }: { dark: boolean }) {
  const invocations = useConsoleStore((s) => s.methods.invocations);
  const dropped = useConsoleStore((s) => s.methods.dropped);
  const [selected, setSelected] = useState<string | undefined>();
  const open = invocations.filter((i) => !i.response);
  const target = open.find((i) => i.rid === selected) ?? open.at(-1);
  return (
    <PaneCard title="Direct methods">
      <Typography variant="body2" color="text.secondary">
        {invocations.length + dropped} invocations · {open.length} waiting
        {dropped > 0 ? ` · ${dropped} older not shown` : ''}
      </Typography>
      <MessageList
        label="Method invocations"
        items={invocations}
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
        empty="No method invocations yet."
      />
      <RespondForm target={target} dark={dark} />
      <AutoRules />
    </PaneCard>
  );
}
