/**
 * Alarms with acknowledge and close (contract C4). The cloud only queues the action; the hub applies it on
 * its next sync round and records the person, so until the alarm itself changes the row says "pending".
 */

import { signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { isStaff } from "../../../shared/roles/index.ts";
import { ActionButton, type Column, Field, Form, Table } from "../../../shared/ui/components.tsx";
import { formatTemp, formatTime } from "../../../shared/ui/format.ts";
import { queryParam } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { AlarmView, SiteRole } from "../types.ts";

interface Pending {
  actionId: string;
  kind: "acknowledge" | "close";
  /** The alarm status when the action was sent; a different status means the hub applied something. */
  from: AlarmView["status"];
  failed?: string;
}

const pending = signal(new Map<string, Pending>());
const setPending = (alarmId: string, p: Pending | null) => {
  const next = new Map(pending.value);
  if (p) next.set(alarmId, p);
  else next.delete(alarmId);
  pending.value = next;
};

/** Checks queued actions while any is outstanding; a failure from the hub is shown on its row. */
function useActionWatch(siteId: string, alarms: AlarmView[]) {
  // An alarm that moved on since the action was sent no longer needs the pending note.
  useEffect(() => {
    for (const a of alarms) {
      const p = pending.value.get(a.alarmId);
      if (p && !p.failed && a.status !== p.from) setPending(a.alarmId, null);
    }
  }, [alarms]);
  useEffect(() => {
    const timer = setInterval(async () => {
      if (![...pending.value.values()].some((p) => !p.failed)) return;
      try {
        const actions = await api.actions(siteId, "all");
        for (const [alarmId, p] of pending.value) {
          const action = actions.find((x) => x.id === p.actionId);
          if (action?.status === "FAILED")
            setPending(alarmId, { ...p, failed: JSON.stringify(action.result ?? "") });
        }
      } catch {
        // The list is a convenience; the alarm's own change is what clears the note.
      }
    }, 3000);
    return () => clearInterval(timer);
  }, [siteId]);
}

function CloseForm({ siteId, alarm, onDone }: { siteId: string; alarm: AlarmView; onDone: () => void }) {
  const action = useSignal("");
  return (
    <Form
      submit="Close alarm"
      label={`Close alarm on ${alarm.equipmentName ?? alarm.equipmentId}`}
      onSubmit={async () => {
        const r = await api.close(siteId, alarm.alarmId, action.value);
        setPending(alarm.alarmId, { actionId: r.actionId, kind: "close", from: alarm.status });
        onDone();
      }}
    >
      <Field label="Corrective action taken" value={action} required maxLength={2000} />
    </Form>
  );
}

function AlarmActions({ siteId, alarm, role }: { siteId: string; alarm: AlarmView; role: SiteRole }) {
  const closing = useSignal(false);
  const p = pending.value.get(alarm.alarmId);
  if (p?.failed) return <span class="error">The hub refused: {p.failed}</span>;
  if (p)
    return (
      <span class="warn" role="status">
        {p.kind === "acknowledge" ? "Acknowledgement" : "Closure"} pending — waiting for the hub
      </span>
    );
  if (!isStaff(role) || alarm.status === "CLOSED") return null;
  const who = alarm.equipmentName ?? alarm.equipmentId;
  return (
    <div class="row">
      {alarm.status === "RAISED" && (
        <ActionButton
          label={`Acknowledge alarm on ${who}`}
          onClick={async () => {
            const r = await api.acknowledge(siteId, alarm.alarmId);
            setPending(alarm.alarmId, { actionId: r.actionId, kind: "acknowledge", from: alarm.status });
          }}
        >
          Acknowledge
        </ActionButton>
      )}
      {closing.value ? (
        <CloseForm siteId={siteId} alarm={alarm} onDone={() => (closing.value = false)} />
      ) : (
        <button
          type="button"
          class="secondary"
          onClick={() => (closing.value = true)}
          aria-label={`Close alarm on ${who}`}
        >
          Close…
        </button>
      )}
    </div>
  );
}

export function AlarmTable({
  siteId,
  alarms,
  role,
  zone,
}: {
  siteId: string;
  alarms: AlarmView[];
  role: SiteRole;
  zone: string;
}) {
  useActionWatch(siteId, alarms);
  const selected = queryParam("alarm");
  const columns: Column<AlarmView>[] = [
    { label: "Unit", cell: (a) => a.equipmentName ?? a.equipmentId },
    {
      label: "Alarm",
      // kind is null only while an acknowledgement arrived before its raise (the ledger's projection).
      cell: (a) =>
        `${(a.kind ?? "alarm").replaceAll("_", " ").toLowerCase()}${a.escalated ? " (escalated)" : ""}`,
    },
    {
      label: "Status",
      cell: (a) => (
        <>
          <span class={`badge ${a.status === "RAISED" ? "error" : ""}`}>{a.status.toLowerCase()}</span>
          {a.acknowledgedBy && <div class="muted">acknowledged by {a.acknowledgedBy}</div>}
          {a.closedBy && <div class="muted">closed by {a.closedBy}</div>}
        </>
      ),
    },
    {
      label: "Temperature",
      cell: (a) => `${formatTemp(a.temperature)} (peak ${formatTemp(a.peak)}, limit ${formatTemp(a.limit)})`,
    },
    { label: "Raised", cell: (a) => formatTime(a.raisedAt, zone) },
    { label: "Actions", cell: (a) => <AlarmActions siteId={siteId} alarm={a} role={role} /> },
  ];
  return (
    <Table
      caption="Alarms"
      columns={columns}
      rows={alarms}
      rowKey={(a) => a.alarmId}
      empty="No alarms."
      // The alarm a notification names (`?alarm=`) is marked, so the person lands on it.
      rowAttrs={(a): Record<string, string> =>
        a.alarmId === selected
          ? { "aria-current": "true", class: "selected", "data-alarm": a.alarmId }
          : { "data-alarm": a.alarmId }
      }
    />
  );
}
