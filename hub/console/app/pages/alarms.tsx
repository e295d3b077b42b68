/** Alarms on the hub: acknowledge and close; the hub records the signed-in person (from the session). */
import { useSignal } from "@preact/signals";
import { ACKNOWLEDGEABLE_ALARM_STATUSES, OPEN_ALARM_STATUSES } from "../../../../shared/alarms/index.ts";
import {
  ActionButton,
  Async,
  Field,
  Form,
  PageTitle,
  Table,
  useAsync,
} from "../../../../shared/ui/components.tsx";
import {
  alarmKindText,
  alarmStatusText,
  formatTemp,
  formatTime,
  personName,
} from "../../../../shared/ui/format.ts";
import { type Alarm, hub, me } from "../api.ts";
import { live } from "../live.ts";

function CloseForm({ alarm, done }: { alarm: Alarm; done: () => Promise<void> }) {
  const action = useSignal("");
  return (
    <Form
      submit="Close alarm"
      label="Close alarm"
      onSubmit={async () => {
        await hub.close(alarm.id, action.value);
        await done();
      }}
    >
      <Field label="Corrective action taken" value={action} required maxLength={2000} />
    </Form>
  );
}

function Actions({ alarm, reload }: { alarm: Alarm; reload: () => Promise<void> }) {
  const closing = useSignal(false);
  if (me.value?.role === "read" || alarm.status === "CLOSED") return null;
  const who = live.unit(alarm.equipmentId)?.name ?? "this unit";
  // Offered only when the hub would accept them: acknowledged once; closed once back in range (cleared).
  const canAcknowledge = ACKNOWLEDGEABLE_ALARM_STATUSES.includes(alarm.status) && !alarm.acknowledgedBy;
  const canClose = alarm.status === "CLEARED";
  return (
    <div class="row">
      {canAcknowledge && (
        <ActionButton
          label={`Acknowledge alarm on ${who}`}
          onClick={async () => {
            await hub.acknowledge(alarm.id);
            await reload();
          }}
        >
          Acknowledge
        </ActionButton>
      )}
      {!canClose ? (
        <span class="muted">Can be closed once back in range.</span>
      ) : closing.value ? (
        <CloseForm alarm={alarm} done={reload} />
      ) : (
        <button
          type="button"
          class="secondary"
          aria-label={`Close alarm on ${who}`}
          onClick={() => (closing.value = true)}
        >
          Close…
        </button>
      )}
    </div>
  );
}

/** Still someone's to do: open (the condition holds) or cleared but not yet closed with a corrective action. */
const needsAction = (a: Alarm): boolean => OPEN_ALARM_STATUSES.includes(a.status) || a.status === "CLEARED";

export function Alarms() {
  const filter = useSignal<"open" | "all">("open");
  // Open alarms are the socket's; the whole record is read once, then each row as the socket reports it.
  const all = useAsync(
    () => (filter.value === "all" ? hub.alarms("all") : Promise.resolve([])),
    [filter.value],
  );
  const alarms = filter.value === "open" ? live.alarms : all;
  const shown = (list: Alarm[]) =>
    filter.value === "open"
      ? list.filter(needsAction).sort((a, b) => b.raisedAt - a.raisedAt)
      : list.map((a) => live.alarm(a.id) ?? a);
  const nameOf = (id: string) => live.unit(id)?.name ?? id;
  return (
    <>
      <PageTitle>Alarms</PageTitle>
      <fieldset class="tabs">
        <legend class="sr-only">Which alarms</legend>
        <button type="button" aria-pressed={filter.value === "open"} onClick={() => (filter.value = "open")}>
          Needs action
        </button>
        <button type="button" aria-pressed={filter.value === "all"} onClick={() => (filter.value = "all")}>
          All
        </button>
      </fieldset>
      <Async state={alarms}>
        {(list) => (
          <Table
            caption="Alarms"
            rows={shown(list)}
            rowKey={(a) => a.id}
            empty={filter.value === "open" ? "No alarms need action." : "No alarms yet."}
            columns={[
              { label: "Unit", cell: (a) => nameOf(a.equipmentId) },
              {
                label: "Alarm",
                cell: (a) => alarmKindText(a.kind) + (a.escalatedAt ? " (escalated)" : ""),
              },
              {
                label: "Status",
                cell: (a) => (
                  <>
                    <span class={`badge ${a.status === "RAISED" ? "error" : ""}`}>
                      {alarmStatusText(a.status)}
                    </span>
                    {a.acknowledgedBy && (
                      <div class="muted">acknowledged by {personName(a.acknowledgedBy)}</div>
                    )}
                    {a.closedBy && (
                      <div class="muted">
                        closed by {personName(a.closedBy)}: {a.correctiveAction}
                      </div>
                    )}
                  </>
                ),
              },
              {
                label: "Temperature",
                // The peak is known once the alarm clears; until then it is left out, never shown as "—".
                cell: (a) =>
                  [
                    formatTemp(a.triggerTemperature),
                    a.peakTemperature !== null ? `peak ${formatTemp(a.peakTemperature)}` : null,
                    a.limit !== null ? `limit ${formatTemp(a.limit)}` : null,
                  ]
                    .filter(Boolean)
                    .join(" · "),
              },
              { label: "Raised", cell: (a) => formatTime(a.raisedAt) },
              { label: "", cell: (a) => <Actions alarm={a} reload={alarms.reload} /> },
            ]}
          />
        )}
      </Async>
    </>
  );
}
