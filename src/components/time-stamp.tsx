// A time in a list row: clock time with milliseconds, the full date on hover (time-format.ts).
import Box from '@mui/material/Box';

import { clockTime, fullDate } from './time-format.ts';

export function TimeStamp({ at, prefix = '' }: { at: number; prefix?: string }) {
  return (
    <Box component="time" dateTime={new Date(at).toISOString()} title={fullDate(at)}>
      {prefix}
      {clockTime(at)}
    </Box>
  );
}
