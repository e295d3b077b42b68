/** Alarms on the hub: acknowledge and close; the hub records the signed-in person (from the session). */
import { useSignal } from "@preact/signals";
import { OPEN_ALARM_STATUSES } from "../../../../shared/alarms/index.ts";
import {
  ActionButton,
  Async,
  Field,
  Form,
  PageTitle,
  Table,
  useAsync,
} from "../../../../shared/ui/components.tsx";
import { formatTemp, formatTime } from "../../../../shared/ui/format.ts";
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
  return (
    <div class="row">
      {alarm.status === "RAISED" && (
        <ActionButton
          onClick={async () => {
            await hub.acknowledge(alarm.id);
            await reload();
          }}
        >
          Acknowledge
        </ActionButton>
      )}
      {closing.value ? (
        <CloseForm alarm={alarm} done={reload} />
      ) : (
        <button type="button" class="secondary" onClick={() => (closing.value = true)}>
          Close…
        </button>
      )}
    </div>
  );
}

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
      ? list.filter((a) => OPEN_ALARM_STATUSES.includes(a.status)).sort((a, b) => b.raisedAt - a.raisedAt)
      : list.map((a) => live.alarm(a.id) ?? a);
  const nameOf = (id: string) => live.unit(id)?.name ?? id;
  return (
    <>
      <PageTitle>Alarms</PageTitle>
      <fieldset class="tabs">
        <legend class="sr-only">Which alarms</legend>
        <button type="button" aria-pressed={filter.value === "open"} onClick={() => (filter.value = "open")}>
          Open
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
            empty="No alarms."
            columns={[
              { label: "Unit", cell: (a) => nameOf(a.equipmentId) },
              {
                label: "Alarm",
                cell: (a) =>
                  a.kind.replaceAll("_", " ").toLowerCase() + (a.escalatedAt ? " (escalated)" : ""),
              },
              {
                label: "Status",
                cell: (a) => (
                  <>
                    {a.status.toLowerCase()}
                    {a.acknowledgedBy && <div class="muted">acknowledged by {a.acknowledgedBy}</div>}
                    {a.closedBy && (
                      <div class="muted">
                        closed by {a.closedBy}: {a.correctiveAction}
                      </div>
                    )}
                  </>
                ),
              },
              {
                label: "Temperature",
                cell: (a) =>
                  `${formatTemp(a.triggerTemperature)} (peak ${formatTemp(a.peakTemperature)}, limit ${formatTemp(a.limit)})`,
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
