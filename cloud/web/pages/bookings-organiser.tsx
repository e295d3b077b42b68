/** An organiser's calendar by month, its tariffs, new events, and the booking flow (hold, then book). */
import { useSignal } from "@preact/signals";
import { localTime } from "../../../shared/clock/zone.ts";
import { formatMoney } from "../../../shared/money/index.ts";
import { Async, Field, Form, Select, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { bookings, type Organisation } from "../bookings-api.ts";
import { instantIn } from "./bookings.tsx";

export function CalendarPanel({
  org,
  version,
  onChanged,
}: {
  org: Organisation;
  version: number;
  onChanged: () => void;
}) {
  const now = localTime(Date.now(), org.timeZone);
  const month = useSignal(`${now.year}-${String(now.month).padStart(2, "0")}`);
  const cal = useAsync(() => bookings.calendar(org.id, month.value), [month.value, version]);
  const name = useSignal("");
  const start = useSignal("");
  const end = useSignal("");
  return (
    <section aria-label="Calendar">
      <h2>Calendar</h2>
      <Field label="Month" value={month} type="month" />
      <Async state={cal}>
        {(c) => (
          <Table
            caption="Events by day"
            rows={Object.entries(c.days).sort(([a], [b]) => a.localeCompare(b))}
            rowKey={([day]) => day}
            empty="No events this month."
            columns={[
              { label: "Day", cell: ([day]) => day },
              { label: "Events", cell: ([, list]) => list.map((e) => `${e.name} (${e.status})`).join(", ") },
            ]}
          />
        )}
      </Async>
      <Form
        submit="Create event"
        label="New event"
        onSubmit={async () => {
          await bookings.createEvent(org.id, {
            name: name.value,
            start: instantIn(start.value, org.timeZone),
            end: instantIn(end.value, org.timeZone),
          });
          name.value = "";
          onChanged();
        }}
      >
        <Field label="Event name" value={name} required maxLength={200} />
        <Field label="Event starts" value={start} type="datetime-local" required />
        <Field label="Event ends" value={end} type="datetime-local" required />
      </Form>
    </section>
  );
}

export function TariffsPanel({ org }: { org: Organisation }) {
  const tariffs = useAsync(() => bookings.tariffs(org.id), [org.id]);
  const category = useSignal("Sound");
  const skill = useSignal("FOH");
  const unit = useSignal("Hour");
  const amount = useSignal("");
  return (
    <section aria-label="Tariffs">
      <h2>Tariffs</h2>
      <Async state={tariffs}>
        {(list) => (
          <Table
            caption="Tariffs"
            rows={list}
            rowKey={(t) => t.id}
            empty="No tariffs yet."
            columns={[
              { label: "Category", cell: (t) => t.category },
              { label: "Skill", cell: (t) => t.skill },
              { label: "Per", cell: (t) => t.unit },
              { label: "Amount", cell: (t) => formatMoney(t) },
            ]}
          />
        )}
      </Async>
      <Form
        submit="Save tariff"
        label="Tariff"
        onSubmit={async () => {
          // Entered in SEK with öre as decimals; stored in minor units.
          await bookings.setTariff(org.id, {
            category: category.value,
            skill: skill.value,
            unit: unit.value,
            amount: Math.round(Number(amount.value) * 100),
          });
          await tariffs.reload();
        }}
      >
        <Field label="Category" value={category} required />
        <Field label="Skill" value={skill} required />
        <Select label="Per" value={unit} options={["Hour", "Day", "Event"]} />
        <Field label="Amount (SEK, excl. VAT)" value={amount} inputMode="numeric" required />
      </Form>
    </section>
  );
}

export function BookingFlow({ org, onBooked }: { org: Organisation; onBooked: () => void }) {
  const category = useSignal("Sound");
  const skill = useSignal("FOH");
  const crew = useAsync(
    () => bookings.crew({ category: category.value, skill: skill.value }),
    [category.value, skill.value],
  );
  // Events not yet over, up to a year ahead.
  const upcoming = useAsync(
    () =>
      bookings.events(
        org.id,
        new Date().toISOString(),
        new Date(Date.now() + 366 * 86_400_000).toISOString(),
      ),
    [org.id],
  );
  const eventId = useSignal("");
  const crewId = useSignal("");
  const start = useSignal("");
  const end = useSignal("");
  const hold = useSignal<{ holdId: string; expiresAt: string } | null>(null);
  const done = useSignal<string | null>(null);
  const span = () => ({
    start: instantIn(start.value, org.timeZone),
    end: instantIn(end.value, org.timeZone),
  });
  return (
    <section aria-label="Book crew">
      <h2>Book crew</h2>
      <Field label="Skill category" value={category} />
      <Field label="Skill" value={skill} />
      <Async state={crew}>
        {(list) => (
          <Select
            label="Crew member"
            value={crewId}
            options={[
              { value: "", label: "Choose…" },
              ...list.map((c) => ({ value: c.id, label: `${c.name} (${c.companyName ?? ""})` })),
            ]}
          />
        )}
      </Async>
      <Async state={upcoming}>
        {(events) => (
          <Select
            label="Event"
            value={eventId}
            options={[
              { value: "", label: "Choose…" },
              ...events.map((e) => ({ value: e.id, label: e.name })),
            ]}
          />
        )}
      </Async>
      <Field label="Work starts" value={start} type="datetime-local" required />
      <Field label="Work ends" value={end} type="datetime-local" required />
      <Form
        submit="Hold the slot"
        label="Hold"
        onSubmit={async () => {
          hold.value = await bookings.hold({ organiserId: org.id, crewId: crewId.value, ...span() });
        }}
      />
      {hold.value && <p role="status">Held until {formatTime(hold.value.expiresAt, org.timeZone)}.</p>}
      <Form
        submit="Request booking"
        label="Book"
        onSubmit={async () => {
          const b = await bookings.book({
            eventId: eventId.value,
            crewId: crewId.value,
            category: category.value,
            skill: skill.value,
            ...span(),
            ...(hold.value ? { holdId: hold.value.holdId } : {}),
          });
          hold.value = null;
          done.value = `Booking requested: ${b.quantity} × ${b.unit}, ${formatMoney({ amount: b.total, currency: b.currency })} excl. VAT.`;
          onBooked();
        }}
      />
      {done.value && <p role="status">{done.value}</p>}
    </section>
  );
}
