// Auto-response rules per method name (or *): status, payload, delay; switchable.
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';

import { useConsoleStore } from '../../store/store.ts';

import { jsonProblem } from './respond-form.tsx';

/** The typed text as a whole number at least `min`, or undefined. */
function wholeNumber(text: string, min: number): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min ? n : undefined;
}

export function AutoRules() {
  const rules = useConsoleStore((s) => s.methods.rules);
  const typed = useConsoleStore((s) => s.drafts.ruleFields);
  const { addRule, updateRule, removeRule, editRuleField } = useConsoleStore.getState();
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2">Auto-response rules</Typography>
      {rules.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No rules: every invocation waits for a response by hand. Add one to answer a method (or *
          for any) automatically, with a status, payload and delay.
        </Typography>
      )}
      {rules.map((r, i) => {
        const n = i + 1;
        const problem = jsonProblem(r.payload);
        const statusText = typed[r.id]?.status ?? String(r.status);
        const delayText = typed[r.id]?.delayMs ?? String(r.delayMs);
        // Until the text is a valid number the rule keeps its last one, and says so.
        const badStatus = wholeNumber(statusText, -Infinity) === undefined;
        const badDelay = wholeNumber(delayText, 0) === undefined;
        return (
          // Two lines per rule: what to answer, then how (delay, switch, remove), so every label
          // stays whole even in the narrow three-column layout.
          <Stack key={r.id} spacing={1} sx={{ borderTop: 1, borderColor: 'divider', pt: 1 }}>
            <Stack
              direction="row"
              spacing={1}
              useFlexGap
              sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}
            >
              <TextField
                size="small"
                label={`Rule ${n} method`}
                value={r.method}
                onChange={(e) => updateRule(r.id, { method: e.target.value })}
                helperText="A name, or * for any"
                sx={{ width: 170 }}
              />
              <TextField
                size="small"
                label={`Rule ${n} status`}
                value={statusText}
                onChange={(e) => {
                  editRuleField(r.id, 'status', e.target.value);
                  const status = wholeNumber(e.target.value, -Infinity);
                  if (status !== undefined) updateRule(r.id, { status });
                }}
                error={badStatus}
                helperText={badStatus ? `A whole number; answers ${r.status} until then` : ''}
                sx={{ width: 110 }}
              />
              <TextField
                size="small"
                label={`Rule ${n} payload`}
                value={r.payload}
                onChange={(e) => updateRule(r.id, { payload: e.target.value })}
                error={!!problem}
                helperText={problem}
                sx={{ flex: '1 1 160px', minWidth: 0 }}
              />
            </Stack>
            <Stack
              direction="row"
              spacing={1}
              useFlexGap
              sx={{ flexWrap: 'wrap', alignItems: 'center' }}
            >
              <TextField
                size="small"
                label={`Rule ${n} delay (ms)`}
                value={delayText}
                onChange={(e) => {
                  editRuleField(r.id, 'delayMs', e.target.value);
                  const delayMs = wholeNumber(e.target.value, 0);
                  if (delayMs !== undefined) updateRule(r.id, { delayMs });
                }}
                error={badDelay}
                helperText={badDelay ? `Whole ms, 0 or more; waits ${r.delayMs} until then` : ''}
                sx={{ width: 170 }}
              />
              <FormControlLabel
                sx={{ mr: 0, whiteSpace: 'nowrap' }}
                control={
                  <Switch
                    checked={r.enabled && !problem}
                    disabled={!!problem}
                    onChange={(e) => updateRule(r.id, { enabled: e.target.checked })}
                  />
                }
                label={`Rule ${n} enabled`}
              />
              <Button size="small" sx={{ whiteSpace: 'nowrap' }} onClick={() => removeRule(r.id)}>
                Remove rule {n}
              </Button>
            </Stack>
          </Stack>
        );
      })}
      <Button
        size="small"
        sx={{ alignSelf: 'flex-start' }}
        onClick={() =>
          addRule({ method: '*', status: 200, payload: '{}', delayMs: 0, enabled: true })
        }
      >
        Add rule
      </Button>
    </Stack>
  );
}
