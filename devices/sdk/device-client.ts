/** The device SDK: connect with id and secret, retained birth and status, last will, telemetry, commands. */
import mqtt, { type MqttClient } from "mqtt";
import {
  type Birth,
  type DeviceChannel,
  type DeviceEvent,
  type DeviceState,
  decodePayload,
  deviceTopic,
  encodePayload,
  type Telemetry,
} from "../../shared/protocol/index.ts";
import { answeredFile } from "./answered-file.ts";
import { type CommandHandler, CommandRunner } from "./command-runner.ts";

export interface DeviceOptions {
  url: string;
  deviceId: string;
  secret: string;
  birth: Birth;
  /** CBOR by default; JSON is what off-the-shelf firmware would send. */
  encoding?: "cbor" | "json";
  /** Milliseconds between reconnect attempts; 0 disables reconnecting. */
  reconnectPeriod?: number;
  /** Answers commands from the hub; without one the device does not subscribe to them. */
  onCommand?: CommandHandler;
  /** A file remembering answered command ids across restarts (a redelivery never runs twice). */
  answeredFile?: string;
}

export class DeviceClient {
  readonly mqtt: MqttClient;
  readonly deviceId: string;
  private readonly encoding: "cbor" | "json";
  private runner: CommandRunner | null = null;
  private readonly answeredPath: string | undefined;

  constructor(client: MqttClient, opts: DeviceOptions) {
    this.mqtt = client;
    this.deviceId = opts.deviceId;
    this.answeredPath = opts.answeredFile;
    this.encoding = opts.encoding ?? "cbor";
  }

  encode(value: unknown): Buffer {
    return Buffer.from(encodePayload(value, this.encoding));
  }

  /** Publishes at QoS 1; resolves when the hub has acknowledged (and so committed) it. */
  async publish(channel: DeviceChannel, value: unknown, retain = false): Promise<void> {
    await this.mqtt.publishAsync(deviceTopic(this.deviceId, channel), this.encode(value), { qos: 1, retain });
  }

  publishTelemetry(t: Telemetry): Promise<void> {
    return this.publish("telemetry", t);
  }

  publishEvent(e: DeviceEvent): Promise<void> {
    return this.publish("event", e);
  }

  /** Retained: the hub keeps the latest state. */
  publishState(s: DeviceState): Promise<void> {
    return this.publish("state", s, true);
  }

  /** Subscribes to the device's commands (once; a later call swaps the handler); each command id runs once. */
  async handleCommands(handler: CommandHandler): Promise<void> {
    const topic = deviceTopic(this.deviceId, "cmd");
    const listening = this.runner !== null;
    this.runner = new CommandRunner(handler, (ack) => this.publish("ack", ack), {
      store: this.answeredPath ? answeredFile(this.answeredPath) : undefined,
    });
    if (listening) return;
    this.mqtt.on("message", (t, payload) => {
      if (t !== topic || !this.runner) return;
      let body: unknown;
      try {
        body = decodePayload(payload);
      } catch {
        return;
      }
      // A failed ack publish is not lost: the hub redelivers, and the runner answers again.
      this.runner.receive(body).catch(() => {});
    });
    await this.mqtt.subscribeAsync(topic, { qos: 1 });
  }

  async close(): Promise<void> {
    await this.publish("status", { status: "offline" }, true).catch(() => {});
    await this.mqtt.endAsync();
  }
}

/** Connects, then announces itself: retained `status: online` and the retained birth message. */
export async function connectDevice(opts: DeviceOptions): Promise<DeviceClient> {
  const encoding = opts.encoding ?? "cbor";
  const client = await mqtt.connectAsync(opts.url, {
    clientId: opts.deviceId,
    username: opts.deviceId,
    password: opts.secret,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: opts.reconnectPeriod ?? 2000,
    connectTimeout: 5000,
    will: {
      topic: deviceTopic(opts.deviceId, "status"),
      payload: Buffer.from(encodePayload({ status: "offline" }, encoding)),
      qos: 1,
      retain: true,
    },
  });
  const device = new DeviceClient(client, opts);
  const announce = async () => {
    await device.publish("status", { status: "online" }, true);
    await device.publish("birth", opts.birth, true);
  };
  client.on("connect", () => void announce().catch(() => {}));
  await announce();
  if (opts.onCommand) await device.handleCommands(opts.onCommand);
  return device;
}
