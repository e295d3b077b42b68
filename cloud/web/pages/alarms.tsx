/**
 * Alarms with acknowledge and close (contract C4). The cloud only queues the action; the hub applies it on
 * its next sync round and records the person, so until the alarm itself changes the row says "pending".
 */

import { signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { ACKNOWLEDGEABLE_ALARM_STATUSES } from "../../../shared/alarms/index.ts";
import { isStaff } from "../../../shared/roles/index.ts";
import { refusalText } from "../../../shared/ui/api.ts";
import { ActionButton, type Column, Field, Form, Table } from "../../../shared/ui/components.tsx";
import {
  alarmKindText,
  alarmStatusText,
  formatTemp,
  formatTime,
  personName,
} from "../../../shared/ui/format.ts";
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
          if (action?.status === "FAILED") setPending(alarmId, { ...p, failed: refusalText(action.result) });
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
  // Offered only when the hub would accept them: acknowledged once; closed once back in range (cleared).
  const canAcknowledge = ACKNOWLEDGEABLE_ALARM_STATUSES.includes(alarm.status) && !alarm.acknowledgedBy;
  const canClose = alarm.status === "CLEARED";
  return (
    <div class="row">
      {canAcknowledge && (
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
      {!canClose ? (
        <span class="muted">Can be closed once back in range.</span>
      ) : closing.value ? (
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
  empty = "No alarms.",
}: {
  siteId: string;
  alarms: AlarmView[];
  role: SiteRole;
  zone: string;
  /** What an empty list means here ("No open alarms." on the dashboard). */
  empty?: string;
}) {
  useActionWatch(siteId, alarms);
  const selected = queryParam("alarm");
  const columns: Column<AlarmView>[] = [
    { label: "Unit", cell: (a) => a.equipmentName ?? a.equipmentId },
    {
      label: "Alarm",
      // kind is null only while an acknowledgement arrived before its raise (the ledger's projection).
      cell: (a) => `${alarmKindText(a.kind)}${a.escalated ? " (escalated)" : ""}`,
    },
    {
      label: "Status",
      cell: (a) => (
        <>
          <span class={`badge ${a.status === "RAISED" ? "error" : ""}`}>{alarmStatusText(a.status)}</span>
          {a.acknowledgedBy && (
            <div class="muted">
              acknowledged by {personName(a.acknowledgedBy)}
              {a.acknowledgedAt ? `, ${formatTime(a.acknowledgedAt, zone)}` : ""}
            </div>
          )}
          {a.closedBy && (
            <div class="muted">
              closed by {personName(a.closedBy)}
              {a.correctiveAction ? `: ${a.correctiveAction}` : ""}
            </div>
          )}
        </>
      ),
    },
    {
      label: "Temperature",
      // The peak is known once the alarm clears; until then it is left out rather than shown as "—".
      cell: (a) =>
        [
          formatTemp(a.temperature),
          a.peak !== null ? `peak ${formatTemp(a.peak)}` : null,
          a.limit !== null ? `limit ${formatTemp(a.limit)}` : null,
        ]
          .filter(Boolean)
          .join(" · "),
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
      empty={empty}
      // The alarm a notification names (`?alarm=`) is marked, so the person lands on it.
      rowAttrs={(a): Record<string, string> =>
        a.alarmId === selected
          ? { "aria-current": "true", class: "selected", "data-alarm": a.alarmId }
          : { "data-alarm": a.alarmId }
      }
    />
  );
}
