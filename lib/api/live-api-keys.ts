import "server-only";
import postgres from "postgres";

/** Where a committed revocation is announced, with the key's id as its payload. */
export const apiKeyRevokedChannel = "api_key_revoked";

type Remembered = { id: string; checkedAt: number };

/**
 * postgres.js's own `listen` is built on this connection option, which its types leave out; that `listen`
 * cannot be used itself, since it gives up silently when listening again fails and never says it lost the connection.
 */
function heard(onPayload: (payload: string) => void): object {
  return { onnotify: (_channel: string, payload: string) => onPayload(payload) };
}

export type LiveApiKeysOptions = {
  /** How long a key found live is believed without asking again, in case an announcement was lost unnoticed. */
  maxAgeMs?: number;
  /** How long to wait before listening again once the connection is lost. */
  retryMs?: number;
};

/**
 * The live keys this process found lately, so that a host call need not look its key up each time.
 * A revocation is announced on commit, and every process hears it on a connection of its own (LISTEN
 * needs a session, so `url` is the direct one, never a transaction pooler). While that connection is
 * down nothing is remembered, and what was remembered is forgotten.
 */
export class LiveApiKeys {
  readonly #remembered = new Map<string, Remembered>();
  /** Goes up with each revocation heard and each connection lost: a lookup that overlapped one is not kept. */
  #changes = 0;
  #listening = false;
  #listener: postgres.Sql | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #url: string;
  readonly #maxAgeMs: number;
  readonly #retryMs: number;

  constructor(url: string, { maxAgeMs = 10_000, retryMs = 1_000 }: LiveApiKeysOptions = {}) {
    this.#url = url;
    this.#maxAgeMs = maxAgeMs;
    this.#retryMs = retryMs;
  }

  /** The id of the live key with this hash: remembered if it may be, otherwise what `find` says, kept if it may be. */
  async idOf(hash: string, now: number, find: () => Promise<string | null>): Promise<string | null> {
    this.#listen();
    const known = this.#remembered.get(hash);
    if (known && now >= known.checkedAt && now - known.checkedAt < this.#maxAgeMs) return known.id;
    const changes = this.#changes;
    const listening = this.#listening;
    const id = await find();
    if (id && listening && changes === this.#changes) this.#remembered.set(hash, { id, checkedAt: now });
    return id;
  }

  /** Drops a revoked key at once, before its announcement comes back to this process too. */
  forget(id: string): void {
    this.#changes += 1;
    for (const [hash, known] of this.#remembered) if (known.id === id) this.#remembered.delete(hash);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#lost(this.#listener);
  }

  #listen(): void {
    if (this.#listener || this.#retry || this.#closed) return;
    const listener: postgres.Sql = postgres(this.#url, {
      max: 1,
      max_lifetime: null,
      onnotice: () => {},
      onclose: () => void this.#lost(listener),
      ...heard((id) => this.forget(id)),
    });
    this.#listener = listener;
    listener.unsafe(`listen ${apiKeyRevokedChannel}`).then(
      () => {
        if (this.#listener === listener) this.#listening = true;
      },
      () => void this.#lost(listener),
    );
  }

  #lost(listener: postgres.Sql | undefined): Promise<void> {
    if (!listener || this.#listener !== listener) return Promise.resolve();
    this.#listener = undefined;
    this.#listening = false;
    this.#changes += 1;
    this.#remembered.clear();
    if (!this.#closed) {
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        this.#listen();
      }, this.#retryMs);
      this.#retry.unref();
    }
    return listener.end({ timeout: 0 });
  }
}
