import { spawn } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { ConfigError } from "@/lib/config";

type Cleanup = () => Promise<unknown> | void;

const cleanups: Cleanup[] = [];
let exiting: Promise<never> | undefined;
let signalExitCode = 130;
let listening = false;

function listenForSignals() {
  if (listening) return;
  listening = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (!exiting) console.error(`\n${signal} received: shutting down.`);
      void exit(signalExitCode);
    });
  }
}

/**
 * Registers work to do before the process exits, also on Ctrl-C or SIGTERM. The newest runs first,
 * so that the app stops before the database it uses. Returns a function that unregisters it.
 */
export function onExit(cleanup: Cleanup): () => void {
  listenForSignals();
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

function exit(code: number): Promise<never> {
  exiting ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(error);
      }
    }
    process.exit(code);
  })();
  return exiting;
}

/** Runs a script's main function and exits with its code, cleaning up first; `onSignal` is the code after Ctrl-C or SIGTERM. */
export function run(main: () => Promise<number>, { onSignal }: { onSignal: number }) {
  signalExitCode = onSignal;
  listenForSignals();
  main().then(exit, (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    return exit(1);
  });
}

export type Child = {
  /** Undefined when the command could not be run. */
  pid: number | undefined;
  /** Resolves with the exit code; 128 + the signal number when a signal ended it. */
  exited: Promise<number>;
  stop: () => Promise<number>;
};

/** Starts a command sharing this terminal. It is stopped on exit if it is still running then. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { env, stdio: "inherit" });
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(force);
    }
    return exited;
  };
  const forget = onExit(stop);
  void exited.then(forget);
  return { pid: child.pid, exited, stop };
}

export function bin(name: string) {
  return path.join(process.cwd(), "node_modules", ".bin", name);
}
