// "Save connection": a name, and what happens to the key: asked for on connect (the default,
// nothing secret is stored) or stored encrypted with a passphrase (secret-box.ts).
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

export const MIN_PASSPHRASE = 8;

export type SaveChoice = { name: string; passphrase?: string };

export function SaveDialog(props: {
  initialName: string;
  onSave: (choice: SaveChoice) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(props.initialName);
  const [mode, setMode] = useState<'ask' | 'encrypted'>('ask');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const short = mode === 'encrypted' && passphrase.length < MIN_PASSPHRASE;
  const differ = mode === 'encrypted' && repeat !== passphrase;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="save-title">
      <DialogTitle id="save-title">Save connection</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} />
          <RadioGroup
            aria-label="The key"
            value={mode}
            onChange={(e) => setMode(e.target.value as 'ask' | 'encrypted')}
          >
            <FormControlLabel
              value="ask"
              control={<Radio />}
              label="Don't save the key: ask for it on connect"
            />
            <FormControlLabel
              value="encrypted"
              control={<Radio />}
              label="Save the key encrypted with a passphrase"
            />
          </RadioGroup>
          {mode === 'encrypted' && (
            <>
              {[
                {
                  label: 'Passphrase',
                  value: passphrase,
                  set: setPassphrase,
                  problem: short,
                  help: `At least ${MIN_PASSPHRASE} characters; the key cannot be recovered without it`,
                },
                {
                  label: 'Repeat passphrase',
                  value: repeat,
                  set: setRepeat,
                  problem: differ,
                  help: repeat !== '' && differ ? 'The passphrases differ' : ' ',
                },
              ].map((f) => (
                <TextField
                  key={f.label}
                  label={f.label}
                  type="password"
                  autoComplete="new-password"
                  value={f.value}
                  onChange={(e) => f.set(e.target.value)}
                  error={f.value !== '' && f.problem}
                  helperText={f.help}
                />
              ))}
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={!name.trim() || short || differ || busy}
          onClick={() => {
            setBusy(true);
            void props
              .onSave({ name: name.trim(), ...(mode === 'encrypted' ? { passphrase } : {}) })
              .finally(() => setBusy(false));
          }}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
