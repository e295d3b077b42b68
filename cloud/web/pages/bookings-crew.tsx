/** A crew company's crew with skills, each person's availability, and their sealed private fields. */
import { useSignal } from "@preact/signals";
import { ActionButton, Async, Field, Form, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { bookings, type Crew, type Organisation } from "../bookings-api.ts";
import { instantIn } from "./bookings.tsx";

export function CrewPanel({ org }: { org: Organisation }) {
  const crew = useAsync(() => bookings.crew({ companyId: org.id }), [org.id]);
  const name = useSignal("");
  const userId = useSignal("");
  const category = useSignal("Sound");
  const skill = useSignal("FOH");
  const years = useSignal("1");
  const proficiency = useSignal("3");
  return (
    <section aria-label="Crew">
      <h2>Crew and skills</h2>
      <Async state={crew}>
        {(list) => (
          <Table
            caption="Crew"
            rows={list}
            rowKey={(c) => c.id}
            empty="No crew yet."
            columns={[
              { label: "Name", cell: (c) => c.name },
              {
                label: "Skills",
                cell: (c) =>
                  c.skills
                    .map((s) => `${s.category}/${s.skill} (${s.years} y, ${s.proficiency}/5)`)
                    .join(", "),
              },
              { label: "Availability", cell: (c) => <Availability crew={c} org={org} /> },
              { label: "Private", cell: (c) => <Private crew={c} /> },
            ]}
          />
        )}
      </Async>
      <Form
        submit="Add crew member"
        label="New crew member"
        onSubmit={async () => {
          await bookings.addCrew(org.id, {
            name: name.value,
            ...(userId.value ? { userId: userId.value } : {}),
            skills: [
              {
                category: category.value,
                skill: skill.value,
                years: Number(years.value),
                proficiency: Number(proficiency.value),
              },
            ],
          });
          name.value = "";
          await crew.reload();
        }}
      >
        <Field label="Name" value={name} required />
        <Field label="Their account id (optional)" value={userId} />
        <Field label="Skill category" value={category} required />
        <Field label="Skill" value={skill} required />
        <Field label="Years" value={years} inputMode="numeric" />
        <Field label="Proficiency (1–5)" value={proficiency} inputMode="numeric" />
      </Form>
    </section>
  );
}

function Availability({ crew, org }: { crew: Crew; org: Organisation }) {
  const now = Date.now();
  const slots = useAsync(
    () =>
      bookings.availability(
        crew.id,
        new Date(now).toISOString(),
        new Date(now + 366 * 86_400_000).toISOString(),
      ),
    [crew.id],
  );
  const start = useSignal("");
  const end = useSignal("");
  return (
    <div>
      <Async state={slots}>
        {(list) => (
          <ul>
            {list.map((s) => (
              <li key={s.id}>
                {formatTime(s.startAt, org.timeZone)} – {formatTime(s.endAt, org.timeZone)}
              </li>
            ))}
          </ul>
        )}
      </Async>
      <Form
        submit="Add slot"
        label={`Availability of ${crew.name}`}
        onSubmit={async () => {
          await bookings.addAvailability(
            crew.id,
            instantIn(start.value, org.timeZone),
            instantIn(end.value, org.timeZone),
          );
          await slots.reload();
        }}
      >
        <Field label="Available from" value={start} type="datetime-local" required />
        <Field label="Available until" value={end} type="datetime-local" required />
      </Form>
    </div>
  );
}

/** Shown only on request, and only to the person and their company's admins (the cloud refuses others). */
function Private({ crew }: { crew: Crew }) {
  const shown = useSignal<{ ssn: string | null; bankAccount: string | null } | null>(null);
  return shown.value ? (
    <span>
      SSN {shown.value.ssn ?? "—"} · bank {shown.value.bankAccount ?? "—"}
    </span>
  ) : (
    <ActionButton
      label={`Show private details of ${crew.name}`}
      onClick={async () => {
        shown.value = await bookings.readPrivate(crew.id);
      }}
    >
      Show
    </ActionButton>
  );
}
