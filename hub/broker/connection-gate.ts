/** Admission of TCP connections: a total cap and a cap on not-yet-authenticated ones, overall and per address. */
import type { RejectReason } from "../ingest/index.ts";

export interface GateLimits {
  maxConnections: number;
  /** Connections that have not finished CONNECT/CONNACK yet. */
  maxPending: number;
  maxPendingPerAddress: number;
}

export interface Ticket {
  address: string;
  pending: boolean;
}

export class ConnectionGate {
  private open = 0;
  private pending = 0;
  private readonly pendingByAddress = new Map<string, number>();
  private readonly limits: GateLimits;

  constructor(limits: GateLimits) {
    this.limits = limits;
  }

  /** A ticket for an admitted socket, or the reason it is refused. */
  admit(address: string): Ticket | RejectReason {
    if (this.open >= this.limits.maxConnections) return "too_many_connections";
    const fromAddress = this.pendingByAddress.get(address) ?? 0;
    if (this.pending >= this.limits.maxPending || fromAddress >= this.limits.maxPendingPerAddress) {
      return "too_many_pending";
    }
    this.open++;
    this.pending++;
    this.pendingByAddress.set(address, fromAddress + 1);
    return { address, pending: true };
  }

  /** The socket's device has authenticated: it no longer holds a pending slot. */
  authenticated(ticket: Ticket): void {
    if (ticket.pending) this.release(ticket);
  }

  closed(ticket: Ticket): void {
    if (ticket.pending) this.release(ticket);
    this.open--;
  }

  get openConnections(): number {
    return this.open;
  }

  private release(ticket: Ticket): void {
    ticket.pending = false;
    this.pending--;
    const n = (this.pendingByAddress.get(ticket.address) ?? 1) - 1;
    if (n > 0) this.pendingByAddress.set(ticket.address, n);
    else this.pendingByAddress.delete(ticket.address);
  }
}
