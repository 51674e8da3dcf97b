// Cloud side: PATCH the device or module twin's desired properties (spec §8.2); shows the new
// $version.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';

import { LazyJsonEditor } from '../../components/lazy-json-editor.tsx';
import type { RestResult, ServiceTarget } from '../../device/hub-service.ts';
import { validateTwinPatch } from '../../iothub/twin.ts';
import { getHubService } from '../../store/console-session.ts';
import { useDraft, useHubRequest } from '../../store/use-draft.ts';

import { CopyCommand } from './copy-command.tsx';
import { HubResult } from './hub-result.tsx';

function desiredVersion(r: RestResult): number | undefined {
  const v = (r.body as { properties?: { desired?: { $version?: unknown } } } | undefined)
    ?.properties?.desired?.$version;
  return typeof v === 'number' ? v : undefined;
}

export function UpdateDesiredForm({
  target,
  dark,
}: {
  target: ServiceTarget | undefined;
  dark: boolean;
}) {
  const [{ text }, edit] = useDraft('hubDesired');
  const [outcome, run] = useHubRequest('desired');
  const result = outcome?.result;
  let problem: string | undefined;
  let patch: Record<string, unknown> | undefined;
  try {
    const v = validateTwinPatch(JSON.parse(text), 'desired');
    if (v.ok) patch = v.value;
    else problem = `${v.error.errorCode}: ${v.error.message}`;
  } catch (e) {
    problem = `Invalid JSON: ${(e as Error).message}`;
  }
  const update = async () => {
    const hub = getHubService();
    if (!hub || !target || !patch) return;
    const value = patch;
    await run(() => hub.patchDesired(target, value));
  };
  const version = result && typeof result !== 'string' ? desiredVersion(result) : undefined;
  return (
    <Stack spacing={1}>
      <LazyJsonEditor
        label="Desired patch"
        value={text}
        onChange={(value) => edit({ text: value })}
        dark={dark}
        height={110}
      />
      {problem && <Alert severity="warning">{problem}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button variant="contained" disabled={!target || !patch} onClick={() => void update()}>
          Update desired properties
        </Button>
        <CopyCommand
          label="Copy twin command"
          target={target}
          action={{ kind: 'desired', patch: () => patch }}
        />
      </Stack>
      {version !== undefined && <Alert severity="success">Desired $version is now {version}</Alert>}
      {result && (typeof result === 'string' || result.status >= 300) && (
        <HubResult label="Desired update result" result={result} />
      )}
    </Stack>
  );
}
