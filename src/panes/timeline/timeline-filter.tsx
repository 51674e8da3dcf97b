// The timeline's own text filter (until the shared filter box covers this pane): every term must
// occur in the packet, topic, meaning, pairing key or direction.
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';

export function TimelineFilter(props: {
  value: string;
  onChange: (text: string) => void;
  shown: number;
  total: number;
}) {
  return (
    <>
      <TextField
        size="small"
        label="Filter timeline"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Typography variant="body2" aria-label="Timeline count">
        {props.value.trim() ? `${props.shown} of ${props.total}` : `${props.total} packets`}
      </Typography>
    </>
  );
}
