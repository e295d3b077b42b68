/** The device SDK: connect with id and secret, retained birth and status, last will, CBOR or JSON payloads. */
import mqtt, { type MqttClient } from "mqtt";
import { encodeCbor } from "../../shared/cbor/index.ts";
import {
  type Birth,
  type DeviceChannel,
  type DeviceEvent,
  deviceTopic,
  type Telemetry,
} from "../../shared/protocol/index.ts";

export interface DeviceOptions {
  url: string;
  deviceId: string;
  secret: string;
  birth: Birth;
  /** CBOR by default; JSON is what off-the-shelf firmware would send. */
  encoding?: "cbor" | "json";
  /** Milliseconds between reconnect attempts; 0 disables reconnecting. */
  reconnectPeriod?: number;
}

export class DeviceClient {
  readonly mqtt: MqttClient;
  readonly deviceId: string;
  private readonly encoding: "cbor" | "json";

  constructor(client: MqttClient, opts: DeviceOptions) {
    this.mqtt = client;
    this.deviceId = opts.deviceId;
    this.encoding = opts.encoding ?? "cbor";
  }

  encode(value: unknown): Buffer {
    return this.encoding === "json" ? Buffer.from(JSON.stringify(value)) : Buffer.from(encodeCbor(value));
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

  async close(): Promise<void> {
    await this.publish("status", { status: "offline" }, true).catch(() => {});
    await this.mqtt.endAsync();
  }
}

/** Connects, then announces itself: retained `status: online` and the retained birth message. */
export async function connectDevice(opts: DeviceOptions): Promise<DeviceClient> {
  const encodeStatus = (status: "online" | "offline") =>
    opts.encoding === "json" ? Buffer.from(JSON.stringify({ status })) : Buffer.from(encodeCbor({ status }));
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
      payload: encodeStatus("offline"),
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
  return device;
}
