/**
 * The technician's visit screen (phone first): the open work orders that name them, check-in, a snapshot of the
 * unit's readings and alarms, notes, parts and labour, completion. Everything is recorded on the hub and syncs
 * to the cloud's work order later, so it works with no signal.
 */
import { type Signal, useSignal } from "@preact/signals";
import { formatMoney, minorUnitDigits } from "../../../../shared/money/index.ts";
import {
  ActionButton,
  Async,
  Empty,
  Field,
  Form,
  PageTitle,
  Select,
  useAsync,
} from "../../../../shared/ui/components.tsx";
import { alarmKindText, formatTemp, formatTime } from "../../../../shared/ui/format.ts";
import { type ServiceVisit, type ServiceWorkOrder, visits } from "../service-api.ts";

type Snapshot = Awaited<ReturnType<typeof visits.snapshot>>;

export function Visits() {
  const state = useAsync(visits.workOrders);
  return (
    <>
      <PageTitle>Visits</PageTitle>
      <Async state={state}>
        {({ workOrders, timeZone }) =>
          workOrders.length === 0 ? (
            <Empty>No open work orders name you at this site.</Empty>
          ) : (
            workOrders.map((o) => <Order key={o.id} order={o} zone={timeZone} reload={state.reload} />)
          )
        }
      </Async>
    </>
  );
}

function Order({
  order: o,
  zone,
  reload,
}: {
  order: ServiceWorkOrder;
  zone: string;
  reload: () => Promise<void>;
}) {
  const open = o.visits.find((v) => v.status === "CHECKED_IN");
  const done = o.visits.filter((v) => v.status === "COMPLETED");
  const currency = o.currency ?? "EUR";
  return (
    <section class="card" aria-label={`Work order ${o.number}`}>
      <h2>
        {o.number}: {o.title}
      </h2>
      <p>
        Unit: <strong>{o.unitName ?? "a unit this hub does not know"}</strong>
        {o.slotStart && <> · Slot {formatTime(o.slotStart, zone)}</>}
      </p>
      {open ? (
        <OpenVisit visit={open} zone={zone} currency={currency} reload={reload} />
      ) : o.assigned ? (
        <ActionButton
          label={`Check in for ${o.number}`}
          onClick={async () => {
            await visits.checkIn(o.id);
            await reload();
          }}
        >
          Check in
        </ActionButton>
      ) : (
        <p class="muted">Only a technician assigned to this order checks in.</p>
      )}
      {done.map((v) => (
        <p key={v.id} role="status" data-testid="visit-completed">
          Visit completed {formatTime(v.completedAt, zone)} ·{" "}
          {formatMoney({ amount: v.itemsTotal, currency })} of parts and labour recorded. It reaches the work
          order when the hub next syncs.
        </p>
      ))}
    </section>
  );
}

function OpenVisit({
  visit: v,
  zone,
  currency,
  reload,
}: {
  visit: ServiceVisit;
  zone: string;
  currency: string;
  reload: () => Promise<void>;
}) {
  const note = useSignal("");
  const resolution = useSignal("");
  const seen = useSignal<Snapshot | null>(null);
  return (
    <div class="visit">
      <p data-testid="visit-status">Checked in {formatTime(v.checkedInAt, zone)}</p>
      <ActionButton
        label="Snapshot of the unit"
        onClick={async () => (seen.value = await visits.snapshot(v.id))}
      >
        Snapshot of the unit
      </ActionButton>
      {seen.value && <SnapshotView snapshot={seen.value} zone={zone} />}

      <h3>Notes</h3>
      {v.notes.length === 0 ? (
        <p class="muted">No notes yet.</p>
      ) : (
        <ul>
          {v.notes.map((n) => (
            <li key={n.at}>
              {formatTime(n.at, zone)}: {n.note}
            </li>
          ))}
        </ul>
      )}
      <Form
        submit="Add note"
        label="Add a note"
        onSubmit={async () => {
          await visits.note(v.id, note.value.trim());
          note.value = "";
          await reload();
        }}
      >
        <Field label="Note" value={note} required maxLength={4000} />
      </Form>

      <h3>Parts and labour</h3>
      {v.items.length === 0 ? (
        <p class="muted">Nothing recorded yet.</p>
      ) : (
        <ul data-testid="visit-items">
          {v.items.map((i, n) => (
            <li key={n}>
              {i.description}: {i.quantity} × {formatMoney({ amount: i.unitPrice, currency })}
            </li>
          ))}
        </ul>
      )}
      <p>
        Recorded: {formatMoney({ amount: v.itemsTotal, currency })} (the work order's total is computed in the
        cloud)
      </p>
      <PartForm visitId={v.id} currency={currency} reload={reload} />

      <h3>Complete</h3>
      <Form
        submit="Complete visit"
        label="Complete the visit"
        onSubmit={async () => {
          await visits.complete(v.id, resolution.value.trim());
          await reload();
        }}
      >
        <Field label="What was done" value={resolution} maxLength={4000} />
      </Form>
    </div>
  );
}

function SnapshotView({ snapshot: s, zone }: { snapshot: Snapshot; zone: string }) {
  const last = s.readings.at(-1);
  return (
    <div role="status" data-testid="visit-snapshot">
      <p>
        {last
          ? `Last reading ${formatTemp(last.temperature)} at ${formatTime(last.at, zone)} (${s.readings.length} readings kept with the visit).`
          : "No readings from this unit yet."}
      </p>
      <p>
        {s.openAlarms.length === 0
          ? "No open alarms."
          : `Open alarms: ${s.openAlarms.map((a) => `${alarmKindText(a.kind)} since ${formatTime(a.raisedAt, zone)}`).join("; ")}`}
      </p>
    </div>
  );
}

function PartForm({
  visitId,
  currency,
  reload,
}: {
  visitId: string;
  currency: string;
  reload: () => Promise<void>;
}) {
  const kind = useSignal("PART");
  const description = useSignal("");
  const quantity = useSignal("1");
  const price = useSignal("");
  const minor = (s: Signal<string>) =>
    Math.round(Number(s.value.replace(",", ".")) * 10 ** minorUnitDigits(currency));
  return (
    <Form
      submit="Add line"
      label="Add parts or labour"
      onSubmit={async () => {
        await visits.parts(visitId, [
          {
            kind: kind.value as "PART" | "LABOUR",
            description: description.value.trim(),
            quantity: Number(quantity.value.replace(",", ".")),
            unitPrice: minor(price),
          },
        ]);
        description.value = "";
        price.value = "";
        quantity.value = "1";
        await reload();
      }}
    >
      <Select
        label="Kind"
        value={kind}
        options={[
          { value: "PART", label: "Part" },
          { value: "LABOUR", label: "Labour (hours)" },
        ]}
      />
      <Field label="Description" value={description} required maxLength={200} />
      <Field label="Quantity" value={quantity} inputMode="text" required />
      <Field label={`Unit price (${currency})`} value={price} inputMode="text" required />
    </Form>
  );
}
