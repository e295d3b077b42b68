/** Devices: pair one (its secret is shown once), revoke, rotate the secret, read its log, send commands. */
import { useSignal } from "@preact/signals";
import { DEVICE_KINDS, type DeviceKind, measuresEquipment } from "../../../../shared/protocol/payloads.ts";
import {
  ActionButton,
  Async,
  Field,
  Form,
  PageTitle,
  Select,
  Table,
  useAsync,
} from "../../../../shared/ui/components.tsx";
import { formatAgo, formatTime } from "../../../../shared/ui/format.ts";
import { Link } from "../../../../shared/ui/router.tsx";
import { hub, type Paired } from "../api.ts";
import { live } from "../live.ts";

/** The one time a secret is visible: the person must copy it into the device now. */
function SecretOnce({ paired }: { paired: Pick<Paired, "id" | "secret"> }) {
  return (
    <div class="banner" role="status" data-testid="paired">
      <p>
        <strong>Copy this now — it is shown only once.</strong> Device id{" "}
        <code data-testid="device-id">{paired.id}</code>
      </p>
      <p>
        Secret:{" "}
        <span class="secret" data-testid="device-secret">
          {paired.secret}
        </span>
      </p>
    </div>
  );
}

const number = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s));

export function Devices() {
  const devices = live.devices;
  const kind = useSignal<string>("FRIDGE");
  const name = useSignal("");
  const min = useSignal("");
  const max = useSignal("");
  const paired = useSignal<Paired | null>(null);
  return (
    <>
      <PageTitle>Devices</PageTitle>
      {paired.value && <SecretOnce paired={paired.value} />}
      <h2>Pair a device</h2>
      <Form
        submit="Pair device"
        label="Pair a device"
        onSubmit={async () => {
          const cold = measuresEquipment(kind.value);
          const range = { optimalMin: number(min.value), optimalMax: number(max.value) };
          paired.value = await hub.pair({
            // The select offers DEVICE_KINDS only.
            kind: kind.value as DeviceKind,
            name: name.value,
            ...(cold && (range.optimalMin !== undefined || range.optimalMax !== undefined)
              ? { equipment: range }
              : {}),
          });
          name.value = "";
          await devices.reload();
        }}
      >
        <Select label="Kind" value={kind} options={DEVICE_KINDS} />
        <Field label="Name" value={name} required maxLength={80} />
        <Field
          label="Lowest safe temperature (°C)"
          value={min}
          inputMode="numeric"
          hint="Fridges and freezers; empty for the default."
        />
        <Field label="Highest safe temperature (°C)" value={max} inputMode="numeric" />
      </Form>
      <h2>Paired devices</h2>
      <Async state={devices}>
        {(list) => (
          <Table
            caption="Paired devices"
            rows={list}
            rowKey={(d) => d.id}
            empty="No devices paired yet."
            columns={[
              { label: "Name", cell: (d) => <Link href={`/devices/${d.id}`}>{d.name}</Link> },
              { label: "Kind", cell: (d) => d.kind.toLowerCase() },
              { label: "Status", cell: (d) => (d.revokedAt ? "revoked" : d.status.toLowerCase()) },
              { label: "Last seen", cell: (d) => formatAgo(d.lastSeenAt) },
            ]}
          />
        )}
      </Async>
    </>
  );
}

export function DeviceDetail({ id }: { id: string }) {
  const device = live.device(id);
  // The log and commands are read again whenever the socket reports the device changed, not on a timer.
  const seen = device && `${device.status} ${device.lastSeenAt} ${device.revokedAt}`;
  const logs = useAsync(() => hub.logs(id), [id, seen]);
  const commands = useAsync(() => hub.commands(id), [id, seen]);
  const rotated = useSignal<Pick<Paired, "id" | "secret"> | null>(null);
  const cmd = useSignal("");
  const args = useSignal("{}");
  return (
    <>
      <PageTitle>{device?.name ?? "Device"}</PageTitle>
      <p class="muted">
        {id} ·{" "}
        {device
          ? `${device.kind.toLowerCase()} · ${device.revokedAt ? "revoked" : device.status.toLowerCase()}`
          : ""}
        {device?.firmware ? ` · firmware ${device.firmware}` : ""}
      </p>
      {rotated.value && <SecretOnce paired={rotated.value} />}
      {device && !device.revokedAt && (
        <div class="row">
          <ActionButton
            class="secondary"
            onClick={async () => {
              if (!confirm("Give this device a new secret? The old one stops working at once.")) return;
              rotated.value = await hub.rotate(id);
            }}
          >
            Rotate secret
          </ActionButton>
          <ActionButton
            class="danger"
            onClick={async () => {
              if (!confirm("Revoke this device? It is disconnected within a second and cannot reconnect."))
                return;
              await hub.revoke(id);
            }}
          >
            Revoke
          </ActionButton>
        </div>
      )}
      <h2>Send a command</h2>
      <Form
        submit="Send"
        label="Send a command"
        onSubmit={async () => {
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(args.value || "{}");
          } catch {
            throw new Error('Arguments must be a JSON object, e.g. {"setpoint": 4}');
          }
          await hub.sendCommand(id, cmd.value, parsed);
          await commands.reload();
        }}
      >
        <Field label="Command name" value={cmd} required />
        <Field label="Arguments (JSON)" value={args} />
      </Form>
      <Async state={commands}>
        {(list) => (
          <Table
            caption="Commands"
            rows={list}
            rowKey={(c) => c.id}
            empty="No commands sent."
            columns={[
              { label: "Command", cell: (c) => c.name },
              { label: "Status", cell: (c) => String(c.status).toLowerCase() },
              { label: "Sent", cell: (c) => formatTime(c.createdAt) },
            ]}
          />
        )}
      </Async>
      <h2>Log</h2>
      <Async state={logs}>
        {(list) => (
          <Table
            caption="Device log"
            rows={list}
            rowKey={(l) => String(l.id)}
            empty="Nothing logged yet."
            columns={[
              { label: "When", cell: (l) => formatTime(l.occurredAt) },
              { label: "Level", cell: (l) => l.level },
              { label: "What", cell: (l) => `${l.type}: ${l.message}` },
            ]}
          />
        )}
      </Async>
    </>
  );
}
