// A pane: a labelled region with a title and optional actions.
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export function PaneCard(props: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Paper
      component="section"
      aria-label={props.title}
      variant="outlined"
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 1.5, minWidth: 0 }}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {props.title}
        </Typography>
        {props.actions}
      </Stack>
      {props.children}
    </Paper>
  );
}
