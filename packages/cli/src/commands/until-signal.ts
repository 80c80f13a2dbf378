/** Resolves with the name of the first SIGINT or SIGTERM the process gets. */
export function untilSignal(): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((done) => {
    const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}
