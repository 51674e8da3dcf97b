// Provision a device through the emulator's Device Provisioning Service (issue 11): an ID scope, a
// registration ID and a symmetric key (an individual enrollment's, or an enrollment group's from
// which the device key is derived), over DPS's HTTPS API; the connection string it yields fills
// the connection pane. Symmetric keys only: a page cannot present an X.509 certificate. The key
// stays in this dialog's memory (docs/emulator.md, "Device Provisioning Service (DPS)").
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { getHubService } from '../../store/console-session.ts';

type Props = { onProvisioned: (connectionString: string) => void };

export function ProvisionDialog({ onProvisioned }: Props) {
  const [open, setOpen] = useState(false);
  const [idScope, setIdScope] = useState('');
  const [registrationId, setRegistrationId] = useState('');
  const [key, setKey] = useState('');
  const [groupKey, setGroupKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const show = () => {
    setOpen(true);
    setError(undefined);
    setIdScope((scope) => scope || (getHubService()?.idScope ?? ''));
  };
  const close = () => {
    setOpen(false);
    setKey(''); // the key is not kept once the dialog closes
  };
  const provision = async () => {
    const hub = getHubService();
    if (!hub) return;
    setBusy(true);
    setError(undefined);
    try {
      const connectionString = await hub.provision({
        idScope: idScope.trim(),
        registrationId: registrationId.trim(),
        key: key.trim(),
        groupKey,
      });
      onProvisioned(connectionString);
      close();
    } catch (e) {
      setError(`Provisioning failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const ready = idScope.trim() !== '' && registrationId.trim() !== '' && key.trim() !== '';

  return (
    <>
      <Button onClick={show}>Provision with DPS</Button>
      <Dialog open={open} onClose={close} aria-labelledby="provision-title" fullWidth>
        <DialogTitle id="provision-title">Provision with the emulator’s DPS</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2" color="text.secondary">
              Registers a device with a symmetric key enrollment of the emulator’s Device
              Provisioning Service and fills in the connection string of the device it assigns.
            </Typography>
            <TextField
              label="ID scope"
              value={idScope}
              onChange={(e) => setIdScope(e.target.value)}
              size="small"
            />
            <TextField
              label="Registration ID"
              value={registrationId}
              onChange={(e) => setRegistrationId(e.target.value)}
              size="small"
            />
            <TextField
              label="Symmetric key"
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              size="small"
              autoComplete="off"
            />
            <FormControlLabel
              control={
                <Checkbox checked={groupKey} onChange={(e) => setGroupKey(e.target.checked)} />
              }
              label="This is an enrollment group key (derive the device key)"
            />
            {error && (
              <Typography role="alert" color="error" variant="body2">
                {error}
              </Typography>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button onClick={() => void provision()} disabled={!ready || busy} variant="contained">
            {busy ? 'Provisioning…' : 'Provision'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
