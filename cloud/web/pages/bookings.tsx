/** Bookings: the person's organisations (organisers and crew companies), a new one, and one organisation's page. */
import { useSignal } from "@preact/signals";
import { instantOf } from "../../../shared/clock/zone.ts";
import { Async, Field, Form, PageTitle, Select, useAsync } from "../../../shared/ui/components.tsx";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { bookings, type Organisation } from "../bookings-api.ts";
import { CrewPanel } from "./bookings-crew.tsx";
import { BookingsPanel, InvoicesPanel, ReportPanel } from "./bookings-money.tsx";
import { BookingFlow, CalendarPanel, TariffsPanel } from "./bookings-organiser.tsx";
import { OrganisationAnalytics } from "./organisation-analytics.tsx";

/** A `datetime-local` value read in the organisation's zone, as an ISO instant. */
export function instantIn(local: string, zone: string): string {
  const [date, time] = local.split("T");
  const [year, month, day] = (date ?? "").split("-").map(Number);
  const [hour, minute] = (time ?? "").split(":").map(Number);
  return new Date(
    instantOf({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, zone),
  ).toISOString();
}

export function Organisations() {
  const orgs = useAsync(bookings.organisations);
  const kind = useSignal("organiser");
  const name = useSignal("");
  const vat = useSignal("");
  return (
    <>
      <PageTitle>Bookings</PageTitle>
      <Async state={orgs}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">You are in no organiser or crew company yet.</p>
          ) : (
            <ul class="tiles">
              {list.map((o) => (
                <li key={o.id} class="tile">
                  <Link href={`/bookings/${o.id}`}>{o.name}</Link>
                  <div class="muted">
                    {o.kind === "organiser" ? "Event organiser" : "Crew company"} · {o.role}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      <h2>New organisation</h2>
      <Form
        submit="Create organisation"
        label="New organisation"
        onSubmit={async () => {
          const o = await bookings.createOrganisation({
            kind: kind.value as "organiser",
            name: name.value,
            ...(vat.value ? { vatNumber: vat.value } : {}),
          });
          navigate(`/bookings/${o.id}`);
        }}
      >
        <Select
          label="Kind"
          value={kind}
          options={[
            { value: "organiser", label: "Event organiser" },
            { value: "crew_company", label: "Crew company" },
          ]}
        />
        <Field label="Name" value={name} required maxLength={200} />
        <Field label="VAT number" value={vat} maxLength={40} />
      </Form>
    </>
  );
}

export function OrganisationPage({ orgId }: { orgId: string }) {
  const orgs = useAsync(bookings.organisations);
  return (
    <Async state={orgs}>
      {(list) => {
        const org = list.find((o) => o.id === orgId);
        if (!org) return <p>No such organisation.</p>;
        return <OrgSections org={org} />;
      }}
    </Async>
  );
}

function OrgSections({ org }: { org: Organisation }) {
  const version = useSignal(0);
  const changed = () => {
    version.value += 1;
  };
  return (
    <>
      <PageTitle>{org.name}</PageTitle>
      <p class="muted">
        {org.kind === "organiser" ? "Event organiser" : "Crew company"} · {org.country}
        {org.vatNumber ? ` · VAT ${org.vatNumber}` : ""} · times in {org.timeZone}
      </p>
      {org.kind === "organiser" ? (
        <>
          <CalendarPanel org={org} version={version.value} onChanged={changed} />
          <TariffsPanel org={org} />
          <BookingFlow org={org} onBooked={changed} />
        </>
      ) : (
        <CrewPanel org={org} />
      )}
      <BookingsPanel org={org} version={version.value} onChanged={changed} />
      <InvoicesPanel org={org} version={version.value} onChanged={changed} />
      <ReportPanel org={org} version={version.value} />
      {org.kind === "organiser" && <OrganisationAnalytics org={org} />}
    </>
  );
}
