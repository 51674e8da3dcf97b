// Answer the selected (or newest open) invocation with a status and a JSON payload.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { LazyJsonEditor } from '../../components/lazy-json-editor.tsx';
import type { Invocation } from '../../store/methods-slice.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useDraft } from '../../store/use-draft.ts';

export function jsonProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined; // an empty body is allowed (spec §3.4)
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Invalid JSON: ${(e as Error).message}`;
  }
}

export function RespondForm({ target, dark }: { target: Invocation | undefined; dark: boolean }) {
  const [{ status, payload }, edit] = useDraft('respond');
  const [error, setError] = useState<string | undefined>();
  const problem = jsonProblem(payload);
  const code = Number(status);
  const statusValid = Number.isInteger(code);
  const respond = async () => {
    if (!target) return;
    const r = await useConsoleStore.getState().respondToMethod(target.rid, code, payload.trim());
    setError(r.ok ? undefined : r.error);
  };
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2">
        {target
          ? `Respond to ${target.name} ($rid ${target.rid})`
          : 'No open invocation to respond to: new ones are selected here automatically'}
      </Typography>
      <LazyJsonEditor
        label="Response payload"
        value={payload}
        onChange={(value) => edit({ payload: value })}
        dark={dark}
        height={100}
      />
      {problem && <Alert severity="error">{problem}</Alert>}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          label="Response status"
          value={status}
          onChange={(e) => edit({ status: e.target.value })}
          error={!statusValid}
          sx={{ width: 140 }}
        />
        <Button
          variant="contained"
          disabled={!target || !!problem || !statusValid}
          onClick={respond}
        >
          Respond
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
