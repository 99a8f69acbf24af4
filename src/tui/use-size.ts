// The terminal's size, following resizes: the week needs 100 columns, narrower terminals get fewer days.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
}

export function useSize(): Size {
  const { stdout } = useStdout();
  // A stream that is not a terminal (tests) has no rows: draw the whole day.
  const read = (): Size => ({ columns: stdout.columns || 100, rows: stdout.rows || 60 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
