/** A site's settings (OWNER): its name and time zone, and deleting it. */
import { useSignal } from "@preact/signals";
import { Field, Form, PageTitle, Select } from "../../../shared/ui/components.tsx";
import { navigate } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

/** Every IANA zone the browser knows (the server checks the choice with Intl too). */
function zones(current: string): string[] {
  const known =
    (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return known.includes(current) ? known : [current, ...known];
}

export function SiteSettings({ site }: { site: Site }) {
  const name = useSignal(site.name);
  const zone = useSignal(zoneOf(site));
  const confirm = useSignal("");
  const saved = useSignal(false);
  // The name as the server now has it: deleting asks for this one, also right after a rename.
  const current = useSignal(site.name);
  if (site.role !== "OWNER") {
    return (
      <>
        <PageTitle>Site settings</PageTitle>
        <p class="muted">Only an owner of {site.name} can rename it, change its time zone or delete it.</p>
      </>
    );
  }
  return (
    <>
      <PageTitle>Site settings</PageTitle>
      <Form
        submit="Save"
        label="Name and time zone"
        onSubmit={async () => {
          saved.value = false;
          const updated = await api.updateSite(site.id, { name: name.value.trim(), timeZone: zone.value });
          current.value = updated.name;
          saved.value = true;
        }}
      >
        <Field label="Site name" value={name} required maxLength={120} />
        <Select label="Time zone" value={zone} options={zones(zone.value)} />
        <small class="muted">Reports, schedules and times on every screen of this site use it.</small>
      </Form>
      {saved.value && (
        <p class="ok" role="status">
          Saved. The site's hubs get the new name and time zone at their next sync.
        </p>
      )}
      <h2>Delete this site</h2>
      <p>
        Everyone loses access to {current.value}: members, invitations and claim codes go, and its hubs are
        revoked (they keep running the site on their own, without the cloud). This cannot be undone.
      </p>
      <Form
        submit="Delete site"
        label="Delete site"
        onSubmit={async () => {
          await api.deleteSite(site.id, confirm.value.trim());
          navigate("/", true);
        }}
      >
        <Field label={`Type the site's name (${current.value}) to delete it`} value={confirm} required />
      </Form>
    </>
  );
}
