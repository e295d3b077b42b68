/** Runs commands from the hub once each: a repeated id gets the first answer again, not a second run. */
import { type AckStatus, type Command, type CommandAck, commandSchema } from "../../shared/protocol/index.ts";

export interface CommandOutcome {
  status: Exclude<AckStatus, "expired">;
  message?: string;
  result?: Record<string, unknown>;
}

export type CommandHandler = (command: Command) => Promise<CommandOutcome> | CommandOutcome;

/** Where answered commands are kept across restarts (synchronous: saved before the ack is sent). */
export interface AnswerStore {
  load(): CommandAck[];
  save(acks: CommandAck[]): void;
}

export interface RunnerOptions {
  /** Answered commands survive a restart here; without one they are remembered in memory only. */
  store?: AnswerStore;
  /** How many answered command ids to remember; redeliveries come within minutes, so a few hundred do. */
  remember?: number;
  /**
   * A trustworthy device clock, to answer `expired` for a command that arrives late. Without one
   * the device leaves expiry to the hub, which never sends a command past its expiry.
   */
  now?: () => number;
}

export class CommandRunner {
  private readonly answered = new Map<string, CommandAck>();
  private readonly running = new Set<string>();
  private readonly handler: CommandHandler;
  private readonly ack: (ack: CommandAck) => Promise<void>;
  private readonly remember: number;
  private readonly now: (() => number) | undefined;
  private readonly store: AnswerStore | undefined;

  constructor(handler: CommandHandler, ack: (ack: CommandAck) => Promise<void>, opts: RunnerOptions = {}) {
    this.handler = handler;
    this.ack = ack;
    this.remember = opts.remember ?? 256;
    this.now = opts.now;
    this.store = opts.store;
    for (const a of this.store?.load().slice(-this.remember) ?? []) this.answered.set(a.id, a);
  }

  /** Handles one decoded command payload; resolves once its acknowledgement is published. */
  async receive(body: unknown): Promise<void> {
    const parsed = commandSchema.safeParse(body);
    if (!parsed.success) {
      const id = (body as { id?: unknown } | null)?.id;
      if (typeof id === "string" && id.length > 0 && id.length <= 64) {
        await this.ack({ id, status: "rejected", message: "malformed command" });
      }
      return;
    }
    const command = parsed.data;
    const previous = this.answered.get(command.id);
    if (previous) return this.ack(previous);
    // A redelivery while the first delivery is still running: the first one will answer.
    if (this.running.has(command.id)) return;
    if (this.now && this.now() > command.expiresAt) {
      return this.finish({ id: command.id, status: "expired", message: "arrived after its expiry" });
    }
    this.running.add(command.id);
    let outcome: CommandOutcome;
    try {
      outcome = await this.handler(command);
    } catch (err) {
      outcome = { status: "failed", message: String(err instanceof Error ? err.message : err).slice(0, 200) };
    } finally {
      this.running.delete(command.id);
    }
    await this.finish({ id: command.id, ...outcome });
  }

  /** True when the command with this id has been answered (and would not run again). */
  hasAnswered(id: string): boolean {
    return this.answered.has(id);
  }

  private async finish(ack: CommandAck): Promise<void> {
    this.answered.set(ack.id, ack);
    if (this.answered.size > this.remember) this.answered.delete(this.answered.keys().next().value!);
    // Kept before it is sent: a restart after the ack went out must still know the command ran.
    this.store?.save([...this.answered.values()]);
    await this.ack(ack);
  }
}
