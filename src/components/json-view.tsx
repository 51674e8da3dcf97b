// Read-only JSON shown as text (never HTML), top-level keys optionally highlighted.
import Box from '@mui/material/Box';

export type JsonViewProps = {
  label: string;
  value: unknown;
  highlight?: readonly string[];
  /** Shown while the value is undefined: what to do to get it. */
  empty?: string;
};

export function JsonView({
  label,
  value,
  highlight = [],
  empty = 'Not fetched yet.',
}: JsonViewProps) {
  if (value === undefined) {
    return (
      <Box aria-label={label} sx={{ color: 'text.secondary', fontSize: 13, p: 1 }}>
        {empty}
      </Box>
    );
  }
  const entries =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
      : undefined;
  return (
    <Box
      component="pre"
      aria-label={label}
      sx={{ m: 0, p: 1, fontSize: 13, overflow: 'auto', maxHeight: 260, bgcolor: 'action.hover' }}
    >
      {entries ? (
        <>
          {'{\n'}
          {entries.map(([k, v], i) => (
            <Box
              component="span"
              key={k}
              data-changed={highlight.includes(k) ? 'true' : undefined}
              sx={highlight.includes(k) ? { bgcolor: 'warning.light', color: 'black' } : undefined}
            >
              {`  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2))}${i < entries.length - 1 ? ',' : ''}\n`}
            </Box>
          ))}
          {'}'}
        </>
      ) : (
        JSON.stringify(value, null, 2)
      )}
    </Box>
  );
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}
