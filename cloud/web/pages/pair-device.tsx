/** Pair a device from the owner app (OWNER): its secret is shown once; the site's hub accepts it at its next sync. */
import { useSignal } from "@preact/signals";
import { DEVICE_KINDS, type DeviceKind, measuresEquipment } from "../../../shared/protocol/kinds.ts";
import { Field, Form, PageTitle, Select } from "../../../shared/ui/components.tsx";
import { api } from "../api.ts";
import type { Site } from "../types.ts";

const KIND_WORDS: Record<DeviceKind, string> = {
  FRIDGE: "Fridge sensor",
  FREEZER: "Freezer sensor",
  DISPENSER: "Dispenser",
  HEATER: "Heater",
  SENSOR: "Room sensor",
  CONTROLLER: "Controller",
  METER: "Energy meter",
};

type Paired = Awaited<ReturnType<typeof api.pairDevice>>;

const optionalNumber = (label: string, text: string): number | undefined => {
  if (text.trim() === "") return undefined;
  const v = Number(text.trim().replace(",", "."));
  if (!Number.isFinite(v)) throw new Error(`${label}: enter a number`);
  return v;
};

export function PairDevice({ site }: { site: Site }) {
  const kind = useSignal<string>("FRIDGE");
  const name = useSignal("");
  const low = useSignal("");
  const high = useSignal("");
  const paired = useSignal<(Paired & { name: string }) | null>(null);
  if (site.role !== "OWNER") {
    return (
      <>
        <PageTitle>Pair a device</PageTitle>
        <p class="muted">Only an owner of {site.name} can pair devices.</p>
      </>
    );
  }
  const cold = measuresEquipment(kind.value);
  return (
    <>
      <PageTitle>Pair a device</PageTitle>
      <p>
        The device's id and secret are shown once, here. The site's hub accepts the device at its next sync; a
        hub with no internet can pair devices itself, from its console.
      </p>
      <Form
        submit="Pair device"
        label="Pair a device"
        onSubmit={async () => {
          const optimalMin = optionalNumber("Lowest allowed", low.value);
          const optimalMax = optionalNumber("Highest allowed", high.value);
          const equipment =
            cold && (optimalMin !== undefined || optimalMax !== undefined)
              ? {
                  ...(optimalMin !== undefined ? { optimalMin } : {}),
                  ...(optimalMax !== undefined ? { optimalMax } : {}),
                }
              : undefined;
          const answer = await api.pairDevice(site.id, {
            kind: kind.value as DeviceKind,
            name: name.value.trim(),
            ...(equipment ? { equipment } : {}),
          });
          paired.value = { ...answer, name: name.value.trim() };
          name.value = "";
        }}
      >
        <Select
          label="Kind"
          value={kind}
          options={DEVICE_KINDS.map((k) => ({ value: k, label: KIND_WORDS[k] }))}
        />
        <Field
          label="Name"
          value={name}
          required
          maxLength={80}
          hint="As people call it, e.g. Drinks fridge."
        />
        {cold && (
          <>
            <Field
              label="Lowest safe temperature (°C)"
              value={low}
              inputMode="decimal"
              placeholder="the type's default"
            />
            <Field
              label="Highest safe temperature (°C)"
              value={high}
              inputMode="decimal"
              placeholder="the type's default"
            />
          </>
        )}
      </Form>
      {paired.value && (
        <section aria-labelledby="paired" class="card">
          <h2 id="paired">{paired.value.name} is paired</h2>
          <p>Enter these in the device now; the secret is not shown again.</p>
          <p>
            Device id: <code data-testid="device-id">{paired.value.id}</code>
          </p>
          <p>
            Secret: <code data-testid="device-secret">{paired.value.secret}</code>
          </p>
        </section>
      )}
    </>
  );
}
