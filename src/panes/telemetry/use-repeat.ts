// "Repeat every N ms, up to M messages", with a stop.
import { useCallback, useEffect, useRef, useState } from 'react';

export function useRepeat(sendOne: () => void) {
  const [progress, setProgress] = useState<{ sent: number; max: number } | undefined>();
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const send = useRef(sendOne);
  useEffect(() => {
    send.current = sendOne;
  }, [sendOne]);

  const stop = useCallback(() => {
    clearInterval(timer.current);
    timer.current = undefined;
    setProgress(undefined);
  }, []);

  const start = useCallback(
    (intervalMs: number, max: number) => {
      stop();
      let sent = 0;
      const tick = () => {
        send.current();
        sent++;
        setProgress({ sent, max });
        if (sent >= max) {
          clearInterval(timer.current);
          timer.current = undefined;
          setTimeout(() => setProgress(undefined), 0);
        }
      };
      tick();
      if (max > 1) timer.current = setInterval(tick, intervalMs);
    },
    [stop],
  );

  useEffect(() => () => clearInterval(timer.current), []);
  return { progress, start, stop };
}
