/** The top-level usage of `turnkit`. */
export const MAIN_HELP = `Usage: turnkit <command> [options]

Commands:
  run <agent module> [message]   run an agent a module exports, streamed to the terminal
  view [files or folders...]     show run logs in a local web page (http://127.0.0.1:PORT)
  record --to DIR                record live Responses API traffic as emulator recordings
  emulator [options]             the local Responses API emulator (the same as turnkit-emulator)
  help [command]                 this help, or a command's

Run "turnkit help <command>" (or "turnkit <command> --help") for a command's options.

Exit codes:
  0    done (run: the run completed)
  1    the command failed (run: the run stopped with an error)
  2    a bad argument or option; nothing was run
  3    run: the run paused for approval and was saved (--save)
  4    run: the last response was incomplete (e.g. max_output_tokens)
  130  interrupted (Ctrl-C)`;

/** Usage of `turnkit run`. */
export const RUN_HELP = `Usage: turnkit run <agent module> [message] [options]

Runs the agent that <agent module> exports (a .js, .mjs or .ts file; \`export const agent =
createAgent(...)\`), streams its answer to stdout and its tool calls, approvals and progress to
stderr. Without AZURE_OPENAI_* variables it runs offline against the embedded emulator (the
module may export \`emulator\`: the emulator's options, e.g. { script } or { behavior }); with
them, live on Azure. An agent created with its own \`client\` uses that instead. Paths are
relative to the folder the command was typed in.

  [message]           the user message (needed unless --resume)
  --export NAME       the export to run (default: agent)
  --save FILE         when the run pauses for approval, write its state to FILE and exit 3
                      instead of asking at the terminal
  --resume FILE       resume a run saved with --save; asks for each waiting approval
                      unless --approve or --reject decides them all
  --approve           with --resume: approve every waiting request
  --reject [REASON]   with --resume: reject every waiting request (with a reason)
  --log FILE          also write the run to the run log FILE (see turnkit view)
  --max-turns N       most turns the run may make (default: the agent's)
  --help              print this help

Approvals are asked at the terminal (y/n, then an optional reason); Ctrl-C at the prompt
rejects. Ctrl-C while the run works cancels it (exit 130).`;

/** Usage of `turnkit view`. */
export const VIEW_HELP = `Usage: turnkit view [files or folders...] [--port N]

Serves the run viewer on 127.0.0.1 and prints its URL on one line of stdout. It lists every
run in the given run logs (files written by createRunLog or turnkit run --log; a folder means
every *.jsonl file in it, new ones included; default: the current folder) and shows one: its
turns, streamed text, reasoning summaries, tool calls, approvals, compaction, code interpreter
runs, images, usage and the raw request and response of each turn. Runs still being written
stream into the page as they happen. The page loads nothing from outside 127.0.0.1.
Runs until Ctrl-C (SIGINT) or SIGTERM, then exits 0.

  --port N   port to listen on (default 0: a free port)
  --help     print this help`;

/** Usage of `turnkit record`. */
export const RECORD_HELP = `Usage: turnkit record --to DIR [--target URL] [--port N]

A recording proxy: point any Responses API client at the URL it prints (stdout, one line), and
it forwards each request to the real endpoint and writes every POST /responses exchange to DIR
in the format the emulator replays: NNNN-create.chunks.txt (the streamed events) and
NNNN-create.json (the final body), plus script.json listing them in order, so that
\`turnkit emulator --script DIR/script.json\` (or startEmulator({ script })) replays the
traffic offline. Ids are replaced by stable placeholders and secrets (keys, tokens, MCP headers,
user identifiers) by "[redacted]" before anything is written; request headers are never written.
Other requests (retrieve, files, containers ...) are forwarded, not recorded.

  --to DIR       where to write the recordings (created if missing; must be empty of recordings)
  --target URL   the real endpoint, e.g. https://my-resource.openai.azure.com or
                 https://api.openai.com/v1 (default: AZURE_OPENAI_ENDPOINT)
  --port N       port to listen on (default 0: a free port)
  --help         print this help

Clients keep their own credentials: the proxy forwards the api-key / Authorization headers it
gets and never stores them. Runs until Ctrl-C (SIGINT) or SIGTERM, then exits 0.`;
