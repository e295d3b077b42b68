/** Admission of TCP connections: caps on open and not-yet-authenticated ones, shed fairly so known devices get in. */
import type { RejectReason } from "../ingest/index.ts";

export interface GateLimits {
  maxConnections: number;
  /** Connections that have not finished CONNECT/CONNACK yet. */
  maxPending: number;
  maxPendingPerAddress: number;
  /** Under pressure (half the pending slots taken), a socket silent this long without a CONNECT is shed. */
  pressureConnectTimeoutMs: number;
  /** Elapsed milliseconds (socket ages, not domain time); `performance.now` unless given. */
  now?: () => number;
}

/**
 * - `idle`: no CONNECT yet; the first to be shed.
 * - `connecting`: CONNECT from a user name the broker does not know; shed after idle ones.
 * - `known`: CONNECT naming a known device (paired at start, or authenticated since); never shed.
 * - `authenticated`: holds an open slot only.
 */
export type Stage = "idle" | "connecting" | "known" | "authenticated";

export interface Ticket {
  readonly address: string;
  readonly openedAt: number;
  stage: Stage;
  /** Set once the gate has let go of the ticket (shed, or its socket closed). */
  gone: boolean;
  readonly shed: () => void;
}

export class ConnectionGate {
  private open = 0;
  private pending = 0;
  /** Pending tickets per address, oldest first (a Set keeps insertion order). */
  private readonly pendingByAddress = new Map<string, Set<Ticket>>();
  private readonly limits: GateLimits;
  private readonly now: () => number;

  constructor(limits: GateLimits) {
    this.limits = limits;
    this.now = limits.now ?? (() => performance.now());
  }

  /**
   * A ticket for a new socket, or why it is refused. Rather than refuse a newcomer (which may be a
   * device back from a Wi-Fi blip), a full gate sheds the oldest unauthenticated socket of the
   * address holding the most, so one address cannot starve the others; `shed` closes that socket.
   */
  admit(address: string, shed: () => void): Ticket | RejectReason {
    const t = this.now();
    if (this.pending * 2 >= this.limits.maxPending) this.shedSilent(t);
    const own = this.pendingByAddress.get(address);
    if ((own?.size ?? 0) >= this.limits.maxPendingPerAddress && !this.shedOne(own)) return "too_many_pending";
    if (this.pending >= this.limits.maxPending && !this.shedOne(this.heaviest())) return "too_many_pending";
    if (this.open >= this.limits.maxConnections && !this.shedOne(this.heaviest())) {
      return "too_many_connections";
    }
    const ticket: Ticket = { address, openedAt: t, stage: "idle", gone: false, shed };
    this.open++;
    this.pending++;
    const set = this.pendingByAddress.get(address) ?? new Set<Ticket>();
    this.pendingByAddress.set(address, set.add(ticket));
    return ticket;
  }

  /** The socket's CONNECT arrived; `known` when its user name is a known device. */
  connecting(ticket: Ticket, known: boolean): void {
    if (ticket.stage === "idle") ticket.stage = known ? "known" : "connecting";
  }

  /** The socket's device has authenticated: it no longer holds a pending slot. */
  authenticated(ticket: Ticket): void {
    if (ticket.gone || ticket.stage === "authenticated") return;
    this.unpend(ticket);
    ticket.stage = "authenticated";
  }

  closed(ticket: Ticket): void {
    if (ticket.gone) return;
    this.release(ticket);
  }

  get openConnections(): number {
    return this.open;
  }

  get pendingConnections(): number {
    return this.pending;
  }

  /** Under pressure a socket gets a shorter deadline to send CONNECT than aedes's own. */
  private shedSilent(t: number): void {
    // Deleting the entry being visited is safe while iterating a Map or a Set.
    for (const set of this.pendingByAddress.values()) {
      for (const ticket of set) {
        if (t - ticket.openedAt <= this.limits.pressureConnectTimeoutMs) break;
        if (ticket.stage === "idle") this.evict(ticket);
      }
    }
  }

  /** The address with the most sheddable sockets. */
  private heaviest(): Set<Ticket> | undefined {
    let best: Set<Ticket> | undefined;
    let most = 0;
    for (const set of this.pendingByAddress.values()) {
      let n = 0;
      for (const ticket of set) if (ticket.stage !== "known") n++;
      if (n > most) [best, most] = [set, n];
    }
    return best;
  }

  /** Sheds the oldest idle socket of `set`, else its oldest unknown CONNECT; false when none may go. */
  private shedOne(set: Set<Ticket> | undefined): boolean {
    if (!set) return false;
    let victim: Ticket | undefined;
    for (const ticket of set) {
      if (ticket.stage === "idle") {
        victim = ticket;
        break;
      }
      if (ticket.stage === "connecting") victim ??= ticket;
    }
    if (!victim) return false;
    this.evict(victim);
    return true;
  }

  private evict(ticket: Ticket): void {
    this.release(ticket);
    ticket.shed();
  }

  private release(ticket: Ticket): void {
    if (ticket.stage !== "authenticated") this.unpend(ticket);
    ticket.gone = true;
    this.open--;
  }

  private unpend(ticket: Ticket): void {
    this.pending--;
    const set = this.pendingByAddress.get(ticket.address);
    set?.delete(ticket);
    if (set?.size === 0) this.pendingByAddress.delete(ticket.address);
  }
}
