/** A site's service requests (number, unit, status), a form to open one, and the site's service location. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, Select, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime, words } from "../../../shared/ui/format.ts";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import {
  marketplace,
  PRIORITY_LIST,
  type Priority,
  SERVICE_TYPE_LIST,
  type ServiceRequest,
  type ServiceType,
} from "../marketplace-api.ts";
import type { Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

const REQUEST_STATUS: Record<string, string> = {
  PENDING: "Waiting for bids",
  ACCEPTED: "Bid accepted",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};
const ORDER_STATUS: Record<string, string> = {
  SCHEDULED: "Scheduled",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed, not yet paid",
  PAID: "Paid",
  CANCELLED: "Cancelled",
};
const BID_STATUS: Record<string, string> = {
  PENDING: "Open",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  WITHDRAWN: "Withdrawn",
};
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const requestStatusText = (s: string) => REQUEST_STATUS[s] ?? capital(words(s));
export const orderStatusText = (s: string) => ORDER_STATUS[s] ?? capital(words(s));
export const bidStatusText = (s: string) => BID_STATUS[s] ?? capital(words(s));
export const serviceTypeText = (s: string) => capital(words(s));
export const priorityText = (s: string) => capital(words(s));

/** The site's units by id, so rows show names; a unit no longer listed says so rather than showing its id. */
export function useUnitNames(siteId: string) {
  const units = useAsync(() => api.equipment(siteId), [siteId]);
  const names = new Map((units.data.value ?? []).map((u) => [u.equipmentId, u.equipmentName]));
  return (id: string) =>
    units.data.value === undefined ? "…" : (names.get(id) ?? "A unit no longer at this site");
}

export function ServiceRequests({ site }: { site: Site }) {
  const requests = useAsync(() => marketplace.siteRequests(site.id), [site.id]);
  const unitName = useUnitNames(site.id);
  const zone = zoneOf(site);
  return (
    <>
      <PageTitle>Service requests</PageTitle>
      <Async state={requests} what="Loading service requests">
        {(list) => (
          <Table<ServiceRequest>
            caption="Service requests"
            rows={list}
            rowKey={(r) => r.id}
            empty="No service requests yet."
            columns={[
              {
                label: "Number",
                cell: (r) => <Link href={`/sites/${site.id}/service/${r.id}`}>{r.number}</Link>,
              },
              { label: "Unit", cell: (r) => unitName(r.equipmentId) },
              { label: "Title", cell: (r) => r.title },
              { label: "Status", cell: (r) => requestStatusText(r.status) },
              { label: "Opened", cell: (r) => formatTime(r.createdAt, zone) },
            ]}
          />
        )}
      </Async>
      {site.role === "OWNER" || site.role === "MAINTAINER" ? (
        <OpenRequest site={site} />
      ) : (
        <p class="muted">Owners and maintainers of the site open service requests.</p>
      )}
      {site.role === "OWNER" && <ServiceLocation site={site} />}
    </>
  );
}

function OpenRequest({ site }: { site: Site }) {
  const units = useAsync(() => api.equipment(site.id), [site.id]);
  const equipmentId = useSignal("");
  const serviceType = useSignal<string>("REFRIGERATION");
  const priority = useSignal<string>("NORMAL");
  const title = useSignal("");
  const description = useSignal("");
  return (
    <>
      <h2>Open a service request</h2>
      <Async state={units} what="Loading units">
        {(list) =>
          list.length === 0 ? (
            <p class="muted">This site has no units yet: a request is for one of its units.</p>
          ) : (
            <Form
              submit="Open request"
              label="Open a service request"
              onSubmit={async () => {
                const r = await marketplace.openRequest({
                  siteId: site.id,
                  equipmentId: equipmentId.value || list[0]!.equipmentId,
                  serviceType: serviceType.value as ServiceType,
                  priority: priority.value as Priority,
                  title: title.value,
                  description: description.value,
                });
                navigate(`/sites/${site.id}/service/${r.id}`);
              }}
            >
              <Select
                label="Unit"
                value={equipmentId}
                options={list.map((u) => ({
                  value: u.equipmentId,
                  label: u.equipmentName ?? "Unnamed unit",
                }))}
              />
              <Select
                label="Kind of work"
                value={serviceType}
                options={SERVICE_TYPE_LIST.map((t) => ({ value: t, label: serviceTypeText(t) }))}
              />
              <Select
                label="Priority"
                value={priority}
                options={PRIORITY_LIST.map((p) => ({ value: p, label: priorityText(p) }))}
              />
              <Field label="Title" value={title} required maxLength={120} />
              <Field label="What is wrong" value={description} maxLength={4000} />
            </Form>
          )
        }
      </Async>
    </>
  );
}

/** Where providers travel to, and whether alarms open requests by themselves (the cloud needs it before a request). */
function ServiceLocation({ site }: { site: Site }) {
  const lat = useSignal("");
  const lon = useSignal("");
  const auto = useSignal("no");
  const saved = useSignal(false);
  return (
    <>
      <h2>Service location</h2>
      <p class="muted">
        Providers within reach of this point see the site's requests. Set it once before the first request;
        you become the payer of the site's work orders.
      </p>
      <Form
        submit="Save service location"
        label="Service location"
        onSubmit={async () => {
          saved.value = false;
          await marketplace.setServiceSite(site.id, {
            latitude: Number(lat.value),
            longitude: Number(lon.value),
            autoRequests: auto.value === "yes",
          });
          saved.value = true;
        }}
      >
        <Field label="Latitude" value={lat} required inputMode="text" placeholder="52.37" />
        <Field label="Longitude" value={lon} required inputMode="text" placeholder="4.90" />
        <Select
          label="Open requests from alarms by themselves"
          value={auto}
          options={[
            { value: "no", label: "No" },
            { value: "yes", label: "Yes" },
          ]}
        />
      </Form>
      {saved.value && <p role="status">Service location saved.</p>}
    </>
  );
}
