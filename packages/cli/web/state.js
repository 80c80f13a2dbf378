// What the page holds: the runs, the selected run's entries, and the blocks the user opened.

export const state = {
  runs: [],
  problems: [],
  selected: undefined,
  /** The selected run's entries, in order (index = seq). */
  entries: [],
  /** Keys of the <details> the user opened, kept across re-renders. */
  open: new Set(),
  renderQueued: false,
};
