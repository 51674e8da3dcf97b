// Served by the emulator: one click connects as one of its devices, or as a new one.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';

import { getHubService } from '../../store/console-session.ts';

type Props = { onPicked: (connectionString: string) => void };

export function EmulatorDevicePicker({ onPicked }: Props) {
  const [open, setOpen] = useState(false);
  const [devices, setDevices] = useState<string[] | undefined>();
  const [newId, setNewId] = useState('');
  const [error, setError] = useState<string | undefined>();

  const show = async () => {
    setOpen(true);
    setError(undefined);
    setNewId(`device-${Math.random().toString(36).slice(2, 7)}`);
    setDevices(await (getHubService()?.listDevices() ?? Promise.resolve([])));
  };
  const pick = async (deviceId: string, create: boolean) => {
    const hub = getHubService();
    if (!hub) return;
    try {
      onPicked(await hub.deviceConnectionString(deviceId, create));
      setOpen(false);
    } catch (e) {
      setError(`Could not ${create ? 'create' : 'read'} ${deviceId}: ${(e as Error).message}`);
    }
  };

  return (
    <>
      <Button onClick={() => void show()}>Connect as an emulator device</Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="picker-title" fullWidth>
        <DialogTitle id="picker-title">Connect as an emulator device</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <List aria-label="Emulator devices" dense sx={{ maxHeight: 260, overflow: 'auto' }}>
              {devices?.length === 0 && (
                <Typography color="text.secondary">No devices yet: create one below.</Typography>
              )}
              {devices?.map((id) => (
                <ListItemButton key={id} onClick={() => void pick(id, false)}>
                  {id}
                </ListItemButton>
              ))}
            </List>
            <Stack direction="row" spacing={1}>
              <TextField
                size="small"
                label="New device ID"
                value={newId}
                onChange={(e) => setNewId(e.target.value)}
                sx={{ flex: 1 }}
              />
              <Button variant="contained" disabled={!newId} onClick={() => void pick(newId, true)}>
                Create and connect
              </Button>
            </Stack>
            {error && <Typography color="error">{error}</Typography>}
          </Stack>
        </DialogContent>
      </Dialog>
    </>
  );
}
