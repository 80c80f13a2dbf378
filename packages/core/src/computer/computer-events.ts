import type { ComputerAction } from '@turnkit/tools';

/** The fields every run event has (see `RunEvent`). */
interface ComputerEventBase {
  runId: string;
  turn: number;
  agent: string;
  depth: number;
}

/** The loop is about to run one action of a `computer_call` on the computer. */
export interface ComputerActionEvent extends ComputerEventBase {
  type: 'computer_action';
  /** The `call_id` of the computer call. */
  callId: string;
  /** 0-based position of the action in the call (a call may batch several). */
  index: number;
  /** The action as the model sent it (`{ type: 'click', button, x, y }`, …). */
  action: ComputerAction;
}

/**
 * A computer call was answered: the screenshot sent back to the model (after its actions ran,
 * or instead of them when they were refused or not approved), and the page's URL in a browser.
 */
export interface ComputerScreenshotEvent extends ComputerEventBase {
  type: 'computer_screenshot';
  callId: string;
  /** The screenshot, base64 (what `computer_call_output.output.image_url` carries). */
  base64: string;
  /** `image/png`, `image/jpeg` or `image/webp`. */
  mediaType: string;
  /** The browser's URL (`current_url`), or `null` outside a browser. */
  currentUrl: string | null;
  /** How many of the call's actions ran. */
  actionsRun: number;
  /** Why the call's actions did not all run (a refusal, a rejected safety check), or `null`. */
  notRun: string | null;
  /** The safety checks acknowledged with this output (approved by a policy or a person). */
  acknowledged: string[];
}
