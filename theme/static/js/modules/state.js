/* One small state object per clip, kept here rather than as properties on DOM nodes: what the
 * page knows about a clip beyond what its <audio> says. A newcomer reads the fields below to
 * know everything the scripts remember. */

const states = new WeakMap();

/* The state of the clip `fig` (its <figure class="clip">), made on first use. */
export function stateOf(fig) {
  let state = states.get(fig);
  if (!state) {
    state = {
      pendingTime: null, // a cue to apply once metadata arrives (null: none)
      loop: null, // the looped span {start, end, index, text, el}, or null
      loopFrame: 0, // the animation frame checking the loop's end (0: none)
      loopJumping: false, // the next "seeking" is the loop's own jump back
      handedOver: false, // the next "pause" is a comparison's hand-over, not the reader's
      notationClosedByReader: false, // the reader closed the notation: never reopen it
    };
    states.set(fig, state);
  }
  return state;
}
