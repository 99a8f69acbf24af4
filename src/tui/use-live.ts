// Live: another terminal, the daemon or an import may change the data at any time. SQLite's data_version
// moves when another connection commits, so polling it twice a second costs almost nothing and shows
// their changes within a second, with no key pressed. The same timer moves the "now" line every minute.
import { useEffect, useRef } from 'react';
import type { TuiData } from './data';

export function useLive(data: TuiData, pollMs: number, changed: () => void): void {
  // The timer outlives renders: a new callback must not restart it (and miss a change in between).
  const callback = useRef(changed);
  callback.current = changed;
  useEffect(() => {
    let version = data.env.store.dataVersion();
    let minute = Math.floor(data.env.now() / 60_000);
    const timer = setInterval(() => {
      let dirty = false;
      const v = data.env.store.dataVersion();
      if (v !== version) {
        version = v;
        data.invalidate();
        dirty = true;
      }
      const m = Math.floor(data.env.now() / 60_000);
      if (m !== minute) {
        minute = m;
        dirty = true;
      }
      if (dirty) callback.current();
    }, pollMs);
    return () => clearInterval(timer);
  }, [data, pollMs]);
}
