// One text field in a dialog, for a name, a key or a passphrase; the caller checks the value and
// returns an error to show, or nothing to close.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

export type PromptSpec = {
  title: string;
  text?: string;
  label: string;
  secret?: boolean;
  initial?: string;
  submit: string;
  onSubmit: (value: string) => Promise<string | undefined>;
};

export function PromptDialog({ spec, onClose }: { spec: PromptSpec; onClose: () => void }) {
  const [value, setValue] = useState(spec.initial ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const problem = await spec.onSubmit(value);
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="prompt-title">
      <DialogTitle id="prompt-title">{spec.title}</DialogTitle>
      <DialogContent>
        {spec.text && <DialogContentText sx={{ mb: 2 }}>{spec.text}</DialogContentText>}
        <TextField
          autoFocus
          fullWidth
          label={spec.label}
          type={spec.secret ? 'password' : 'text'}
          autoComplete="off"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && value) void submit();
          }}
          error={!!error}
          helperText={error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!value || busy} onClick={() => void submit()}>
          {spec.submit}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
