// devices/PROTOCOL.md §9: every room heating example's CBOR hex decodes to its JSON and passes its schema.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  heaterStateSchema,
  meterTelemetrySchema,
  roomSensorTelemetrySchema,
} from "../shared/heating/protocol.ts";
import {
  commandAckSchema,
  commandSchema,
  decodePayload,
  parseCommandArgs,
} from "../shared/protocol/index.ts";

const doc = readFileSync(new URL("./PROTOCOL.md", import.meta.url), "utf8");
const SCHEMAS: Record<string, z.ZodType> = {
  "room-sensor": roomSensorTelemetrySchema,
  meter: meterTelemetrySchema,
  "heater-state": heaterStateSchema,
  cmd: commandSchema,
  ack: commandAckSchema,
};
const EXAMPLE =
  /<!-- heating-example: ([\w-]+) schema=([\w-]+) -->\s*```cbor-hex\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
const examples = [...doc.matchAll(EXAMPLE)].map(([, name, schema, hex, json]) => ({
  name: name!,
  schema: schema!,
  bytes: new Uint8Array(
    hex!
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  ),
  json: json!,
}));

describe("devices/PROTOCOL.md, room heating", () => {
  it("has an example for each heating payload", () => {
    expect(examples.map((e) => e.schema).toSorted()).toEqual(Object.keys(SCHEMAS).toSorted());
  });

  it.each(examples)("example $name: the CBOR hex decodes to the JSON and passes its schema", (e) => {
    const fromCbor = decodePayload(e.bytes);
    expect(fromCbor).toEqual(decodePayload(new TextEncoder().encode(e.json)));
    expect(SCHEMAS[e.schema]!.safeParse(fromCbor).error?.issues ?? []).toEqual([]);
  });

  it("the switch command's arguments are the catalog's for a heater", () => {
    const cmd = examples.find((e) => e.name === "switch-command")!;
    const { name, args } = decodePayload(cmd.bytes) as { name: string; args: unknown };
    expect(parseCommandArgs("HEATER", name, args)).toEqual({ on: true });
  });
});
