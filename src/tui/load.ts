// Loads the Ink calendar. One function, so that the build can give the CommonJS bundle its own way to
// reach the ES module bundle of the TUI (scripts/build.mjs); run from source (tests), it is a plain import().
export const loadTui = (): Promise<typeof import('./main')> => import('./main');
