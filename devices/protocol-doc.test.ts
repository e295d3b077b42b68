import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  birthSchema,
  COMMAND_CATALOG,
  COMMAND_NAMES,
  commandAckSchema,
  commandSchema,
  DEVICE_CHANNELS,
  decodePayload,
  deviceEventSchema,
  deviceTopic,
  HUB_CHANNELS,
  MAX_FRAME_BYTES,
  stateSchema,
  statusSchema,
  telemetrySchema,
} from "../shared/protocol/index.ts";

const doc = readFileSync(new URL("./PROTOCOL.md", import.meta.url), "utf8");

const SCHEMAS: Record<string, z.ZodType> = {
  birth: birthSchema,
  status: statusSchema,
  telemetry: telemetrySchema,
  state: stateSchema,
  event: deviceEventSchema,
  ack: commandAckSchema,
  cmd: commandSchema,
};

const EXAMPLE =
  /<!-- example: ([\w-]+) channel=(\w+) -->\s*```cbor-hex\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
const examples = [...doc.matchAll(EXAMPLE)].map(([, name, channel, hex, json]) => ({
  name: name!,
  channel: channel!,
  bytes: new Uint8Array(
    hex!
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  ),
  json: json!,
}));

describe("devices/PROTOCOL.md", () => {
  it("has an example for every channel", () => {
    expect(new Set(examples.map((e) => e.channel))).toEqual(new Set([...DEVICE_CHANNELS, ...HUB_CHANNELS]));
  });

  it.each(examples)(
    "example $name: the CBOR hex decodes to the JSON, and both pass the $channel schema",
    (e) => {
      const fromCbor = decodePayload(e.bytes);
      const fromJson = decodePayload(new TextEncoder().encode(e.json));
      expect(fromCbor).toEqual(fromJson);
      const schema = SCHEMAS[e.channel]!;
      const parsed = schema.safeParse(fromCbor);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(e.bytes.length).toBeLessThan(MAX_FRAME_BYTES);
    },
  );

  it("names every channel's topic, every command with its kinds, and the frame limit", () => {
    // Table cells may be padded for alignment.
    const row = (first: string) =>
      doc.split("\n").find((l) => new RegExp(`^\\|\\s*\`${first}\`\\s*\\|`).test(l));
    for (const channel of [...DEVICE_CHANNELS, ...HUB_CHANNELS]) expect(row(channel), channel).toBeDefined();
    expect(deviceTopic("{deviceId}", "status")).toBe("outpost/v1/d/{deviceId}/status");
    expect(doc).toContain("outpost/v1/d/{deviceId}/{channel}");
    for (const name of COMMAND_NAMES) {
      const line = row(name);
      expect(line, name).toBeDefined();
      const kinds = COMMAND_CATALOG[name].kinds;
      if (kinds.length < 7) for (const k of kinds) expect(line).toContain(k);
    }
    expect(doc).toContain(`**${MAX_FRAME_BYTES} bytes**`);
  });
});
