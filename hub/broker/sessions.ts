/** Live device sessions: which MQTT clients belong to which device, and which listen for commands. */
import type { Client } from "aedes";
import type { DeviceIdentity } from "../devices/index.ts";

export interface Session {
  device: DeviceIdentity;
  /** The secret hash the client authenticated against; a rotation makes it stale. */
  secretHash: string;
  commandsReady: boolean;
  /** Set when the hub ends the session (revocation): nothing more from it is accepted. */
  ended: boolean;
}

export interface SessionEvents {
  /** The device's first live connection. */
  onConnect(device: DeviceIdentity): void;
  /** The device's last live connection has gone. */
  onDisconnect(device: DeviceIdentity): void;
  /** A connection of the device subscribed to its command topic. */
  onCommandsReady(deviceId: string): void;
}

export class Sessions {
  private readonly byClient = new WeakMap<Client, Session>();
  private readonly byDevice = new Map<string, Set<Client>>();
  private readonly events: SessionEvents;

  constructor(events: SessionEvents) {
    this.events = events;
  }

  authenticated(client: Client, device: DeviceIdentity, secretHash: string): void {
    this.byClient.set(client, { device, secretHash, commandsReady: false, ended: false });
  }

  of(client: Client | null | undefined): Session | undefined {
    return client ? this.byClient.get(client) : undefined;
  }

  registered(client: Client): void {
    const session = this.byClient.get(client);
    if (!session) return;
    const clients = this.byDevice.get(session.device.id) ?? new Set<Client>();
    this.byDevice.set(session.device.id, clients);
    clients.add(client);
    if (clients.size === 1) this.events.onConnect(session.device);
  }

  unregistered(client: Client): void {
    const session = this.byClient.get(client);
    const clients = session && this.byDevice.get(session.device.id);
    if (!session || !clients?.delete(client)) return;
    if (clients.size > 0) return;
    this.byDevice.delete(session.device.id);
    this.events.onDisconnect(session.device);
  }

  subscribed(client: Client): void {
    const session = this.byClient.get(client);
    if (!session || session.commandsReady) return;
    session.commandsReady = true;
    this.events.onCommandsReady(session.device.id);
  }

  isReady(deviceId: string): boolean {
    for (const c of this.byDevice.get(deviceId) ?? []) if (this.byClient.get(c)?.commandsReady) return true;
    return false;
  }

  clientsOf(deviceId: string): Client[] {
    return [...(this.byDevice.get(deviceId) ?? [])];
  }

  /** Devices with at least one live connection. */
  get deviceCount(): number {
    return this.byDevice.size;
  }

  /** Closes every connection of a device whose session `stale` says is no longer valid. */
  end(deviceId: string, stale: (s: Session) => boolean): number {
    let n = 0;
    for (const client of this.clientsOf(deviceId)) {
      const session = this.byClient.get(client);
      if (!session || !stale(session)) continue;
      session.ended = true;
      client.close();
      n++;
    }
    return n;
  }
}
