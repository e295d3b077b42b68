import { describe, expect, it } from "vitest";
import { deviceTopic, maySubscribe, parseDeviceTopic, publishChannel } from "./topics.ts";

describe("device topics", () => {
  const id = "dev-abc123";

  it("give a device the channel of a topic under its own prefix", () => {
    for (const channel of ["birth", "status", "telemetry", "state", "event", "ack"] as const) {
      expect(publishChannel(id, deviceTopic(id, channel))).toBe(channel);
      expect(parseDeviceTopic(deviceTopic(id, channel))).toEqual({ deviceId: id, channel });
    }
  });

  it("refuse what a device may not publish to", () => {
    for (const topic of [
      deviceTopic("dev-other1", "telemetry"), // another device
      "outpost/v1/d/dev-abc1234/telemetry", // an id that only starts with ours
      "outpost/v1/d/dev-abc12/telemetry", // a prefix of ours
      `${deviceTopic(id, "telemetry")}/more`, // deeper than a channel
      deviceTopic(id, "cmd"), // hub → device
      "outpost/v1/x/dev-abc123/telemetry",
      "outpost/v1/ddev-abc123/telemetry",
      "outpost/v1/d/dev-abc123telemetry",
      "outpost/v1/d/dev-abc123/",
      "",
    ])
      expect(publishChannel(id, topic), topic).toBeNull();
    // An identity that is not a device id never matches anything.
    expect(publishChannel("dev/abc", "outpost/v1/d/dev/abc/telemetry")).toBeNull();
  });

  it("let a device subscribe only to its own hub → device channels", () => {
    expect(maySubscribe(id, deviceTopic(id, "cmd"))).toBe(true);
    expect(maySubscribe(id, `outpost/v1/d/${id}/#`)).toBe(true);
    expect(maySubscribe(id, "outpost/v1/d/#")).toBe(false);
    expect(maySubscribe(id, deviceTopic("dev-other1", "cmd"))).toBe(false);
  });
});
