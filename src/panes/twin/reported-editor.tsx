// Reported patch in Monaco, validated; the hub's answer (204 + version, or 400/429 + body) inline.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

import { LazyJsonEditor } from '../../components/lazy-json-editor.tsx';
import { validateTwinPatch } from '../../iothub/twin.ts';
import { useConsoleStore } from '../../store/store.ts';
import { useDraft } from '../../store/use-draft.ts';

export function patchProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `Invalid JSON: ${(e as Error).message}`;
  }
  const r = validateTwinPatch(value, 'reported');
  return r.ok ? undefined : `${r.error.errorCode}: ${r.error.message}`;
}

export function ReportedEditor({ dark }: { dark: boolean }) {
  const [{ text }, edit] = useDraft('reported');
  const connected = useConsoleStore((s) => s.connection.status.state === 'connected');
  const last = useConsoleStore((s) => s.twin.lastPatch);
  const problem = patchProblem(text);
  const result = !last
    ? undefined
    : last.status === undefined
      ? last.error
        ? `No answer: ${last.error}`
        : 'Sending…'
      : last.status >= 200 && last.status < 300
        ? `${last.status} — reported $version ${last.version ?? '?'} (${last.latencyMs ?? 0} ms)`
        : `${last.status}: ${last.body ?? ''}`;
  return (
    <Stack spacing={1}>
      <LazyJsonEditor
        label="Reported patch"
        value={text}
        onChange={(value) => edit({ text: value })}
        dark={dark}
        height={120}
      />
      {problem && <Alert severity="warning">{problem}</Alert>}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          variant="contained"
          disabled={!connected || !!problem?.startsWith('Invalid JSON')}
          onClick={() =>
            useConsoleStore.getState().patchReported(JSON.parse(text) as Record<string, unknown>)
          }
        >
          Send reported patch
        </Button>
        {result && (
          <Typography
            variant="body2"
            aria-label="Reported patch result"
            color={last?.status && last.status < 300 ? 'success.main' : 'error'}
            sx={{ wordBreak: 'break-all' }}
          >
            {result}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}
