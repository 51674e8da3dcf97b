// SAS expiry countdown while connected, and whether the token renews itself.
import Typography from '@mui/material/Typography';

import { formatDuration, useNow } from '../../components/use-now.ts';
import type { SasInfo } from '../../device/session-types.ts';

export function SasCountdown({ sas }: { sas: SasInfo }) {
  const now = useNow(1000);
  const left = sas.expiresAt * 1000 - now;
  const text = sas.renewable
    ? `SAS token expires in ${formatDuration(left)} (renewed ${formatDuration((sas.renewAt ?? sas.expiresAt) * 1000 - now)} from now)`
    : `Given SAS token expires in ${formatDuration(left)} and cannot be renewed`;
  return (
    <Typography variant="body2" color={sas.renewable ? 'text.secondary' : 'warning.main'}>
      {text}
    </Typography>
  );
}
